// The answers of the client's endpoints (protocol note, "Identity" and "Endpoints"), as zod
// schemas of what is inside the envelope's `data` (envelope.ts unwraps it first). Each schema says
// what the client needs and how it reads a field that is missing or of the wrong type; the
// answers' TypeScript types are the schemas' outputs (z.infer), so they are written once.
// Objects are loose: the service adds fields between versions (`credits`, `user_id`,
// `expires_at`, `session_state_applied`...), and a field the client does not read is never a
// reason to fail. Credits and state are read by state.ts, export status by render.ts.
import { z } from 'zod'

/** `POST /api/auth/anonymous-token`: the token, trimmed. Missing, blank or not a string fails. */
export const anonymousTokenAnswer = z.looseObject({ token: z.string().trim().min(1) })

/** Ids may come as strings or numbers; they are kept as strings ("keep ids as strings"). */
const idText = z.union([z.string(), z.number()]).transform(String)

/**
 * `POST /api/tasks/me/with-session/nemo_agent`. Both spellings of the ids are read, and the
 * snake_case one wins whenever it is present (not null), even when it is unusable: the pair is
 * picked first, then checked. A session id is required and not empty; a task id that is missing
 * or of the wrong type is null.
 */
export const createdSessionAnswer = z
  .looseObject({
    session_id: z.unknown().optional(),
    sessionId: z.unknown().optional(),
    task_id: z.unknown().optional(),
    taskId: z.unknown().optional()
  })
  .transform((answer) => ({ sessionId: answer.session_id ?? answer.sessionId, taskId: answer.task_id ?? answer.taskId }))
  .pipe(z.object({ sessionId: idText.refine((id) => id !== ''), taskId: idText.nullable().catch(null) }))

export type CreatedSession = z.infer<typeof createdSessionAnswer>

/**
 * One entry of the upload answer's `data.files[]`. A field that is missing or of the wrong type
 * reads as null, except the name: then the entry is named after the local file that was sent.
 */
export function uploadedFileAnswer(localFileName: string) {
  return z
    .looseObject({
      filename: z.string().catch(localFileName),
      file_type: z.string().nullable().catch(null),
      cdn_url: z.string().nullable().catch(null),
      duration: z.number().nullable().catch(null),
      width: z.number().nullable().catch(null),
      height: z.number().nullable().catch(null)
    })
    .transform((file) => ({
      filename: file.filename,
      fileType: file.file_type,
      cdnUrl: file.cdn_url,
      duration: file.duration,
      width: file.width,
      height: file.height
    }))
}

export type UploadedFile = z.infer<ReturnType<typeof uploadedFileAnswer>>

/**
 * `POST /api/upload-video/nemo_agent/me/<sid>`: the files of `data.files[]`, skipping entries that
 * are not objects. An answer without such a list reads as no files rather than as an error: the
 * upload was accepted (a refusal comes as an error answer), and callers read the session's state
 * for what arrived.
 */
export function uploadAnswer(localFileName: string) {
  const file = uploadedFileAnswer(localFileName)
  return z
    .looseObject({ files: z.array(z.unknown()).catch([]) })
    .transform(({ files }) =>
      files.flatMap((entry) => {
        const parsed = file.safeParse(entry)
        return parsed.success ? [parsed.data] : []
      })
    )
    .catch([])
}
