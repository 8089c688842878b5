// Which workers may take a job (issue 15, "jobs that need a GPU go to workers that have one").
// The request's words say nothing about encoders (shared/request is the compression's vocabulary),
// so the server reads one phrase of its own before the parser: "on a graphics chip", "on the GPU",
// which the cloud engine writes when the job's options say hardware 'on'. Such a job goes to
// BullMQ's GPU queue (queue.ts); everything else to the general one.

const GPU_PHRASE = /\b(?:encode(?:d)?\s+(?:it\s+)?)?(?:on|with|using)\s+(?:a|the)\s+(?:graphics\s+chip|gpu)(?:\s*\(gpu\))?\s*\.?/gi

/** Whether the text asks for the graphics chip, and the text without that phrase for the parser. */
export function readGpuRequest(text: string): { gpu: boolean; rest: string } {
  const rest = text.replace(GPU_PHRASE, ' ')
  return { gpu: rest !== text, rest: rest.replace(/\s{2,}/g, ' ').trim() }
}

/** Said to the client when its job waits for a graphics chip that no worker online has. */
export const NO_GPU_WORKER_TEXT =
  'No worker with a graphics chip is online: this job waits until one asks for work (compress-video serve status shows it). Send it again without "on a graphics chip" to run it on any worker.'

export const WAITING_FOR_GPU_TEXT = 'Waiting for a worker with a graphics chip.'
