// Upload and attachment limits of the places people send videos, as data so they can be
// updated without touching the parser (issue 3: "the plan names the limit it used").
//
// Every limit is in bytes and errs on the small side: "10 MB" is taken as 10^6-byte megabytes,
// which is smaller than the 2^20 reading, so a file that fits our number fits the service's
// number whichever way the service counts. Limits change; each entry says where it comes from
// and when it was true, so a stale one can be checked.
//
// Issue 14: where a platform documents the shape it shows full screen or the longest video it
// takes, the entry carries that too, with its own source. Neither is applied on its own (a
// landscape video is not cropped because TikTok was named, nothing is cut because X was): the
// plan for a file says when the file is longer or another shape, and what to add to the request.

import type { Aspect } from '../compression'

export interface PlatformLimit {
  /** Stable id for tests and settings. */
  id: string
  /** Name shown in the plan: "Under 10 MB for Discord". */
  name: string
  /**
   * Lower-case words or phrases that name it in a request. Latin aliases match as whole words;
   * Chinese aliases match anywhere. Longer aliases win ("discord nitro" before "discord").
   */
  aliases: readonly string[]
  /** The largest file we aim for, in bytes (already minus any encoding overhead). */
  limitBytes: number
  /** Why this number, in one or two sentences for people. */
  note: string
  /** Where the limit is documented. */
  source: string
  /** The shape the platform shows full screen, where it documents one ("full screen for TikTok"). */
  shape?: { aspect: Aspect; source: string }
  /** The longest video it takes, in seconds, where it documents one. */
  length?: { maxSeconds: number; source: string }
}

/**
 * E-mail attachments travel base64-encoded: every 3 bytes become 4 characters, plus a line break
 * (CRLF) every 76 characters. A provider's "25 MB" counts the encoded message, so the file itself
 * must be at most limit * 3/4 * 76/78, minus room for the headers and the message text (100 KB
 * is generous). Rounded down to 0.1 MB so the plan shows a readable number.
 */
export function emailAttachmentLimit(encodedLimitBytes: number): number {
  const raw = ((encodedLimitBytes * 3) / 4) * (76 / 78) - 100_000
  return Math.floor(raw / 100_000) * 100_000
}

const MB = 1e6
const GB = 1e9

export const PLATFORM_LIMITS: readonly PlatformLimit[] = [
  {
    id: 'discord',
    name: 'Discord',
    aliases: ['discord', 'discord server', 'discord chat'],
    limitBytes: 10 * MB,
    note: 'Free accounts may upload files up to 10 MB (lowered from 25 MB in January 2025). Nitro Basic allows 50 MB and Nitro 500 MB.',
    source: 'Discord Support, "File Attachments FAQ" (support.discord.com, article 25444343291031), 10 MB for free uploads as of 2025'
  },
  {
    id: 'discord-nitro-basic',
    name: 'Discord Nitro Basic',
    aliases: ['nitro basic', 'discord nitro basic'],
    limitBytes: 50 * MB,
    note: 'Nitro Basic subscribers may upload files up to 50 MB.',
    source: 'Discord Support, "File Attachments FAQ" and the Nitro plan comparison, as of 2025'
  },
  {
    id: 'discord-nitro',
    name: 'Discord Nitro',
    aliases: ['discord nitro', 'nitro'],
    limitBytes: 500 * MB,
    note: 'Nitro subscribers may upload files up to 500 MB.',
    source: 'Discord Support, "File Attachments FAQ" and the Nitro plan comparison, as of 2025'
  },
  {
    id: 'gmail',
    name: 'Gmail',
    aliases: ['gmail', 'google mail'],
    limitBytes: emailAttachmentLimit(25 * MB),
    note: 'Gmail accepts 25 MB of attachments per message, counted after base64 encoding, so the file itself must stay near 18 MB; bigger files are turned into Google Drive links.',
    source: 'Google, Gmail Help "Attachment size limits" (support.google.com/mail/answer/6584): 25 MB per message'
  },
  {
    id: 'email',
    name: 'email',
    aliases: ['email', 'e-mail', 'e mail', 'mail', 'emailing', 'attachment', 'attach', '邮件', '邮箱', '电子邮件', '发邮件', '附件'],
    limitBytes: emailAttachmentLimit(25 * MB),
    note: 'Most providers (Gmail, Yahoo) accept 25 MB per message counted after base64 encoding, which leaves about 18 MB for the file. Outlook.com allows only 20 MB; name it to aim lower.',
    source: 'Gmail Help "Attachment size limits" (25 MB) and Yahoo Help "Attachment size limits" (25 MB); base64 overhead per RFC 2045'
  },
  {
    id: 'outlook',
    name: 'Outlook',
    aliases: ['outlook', 'outlook.com', 'hotmail', 'live.com', 'office 365', 'microsoft 365', 'exchange'],
    limitBytes: emailAttachmentLimit(20 * MB),
    note: 'Outlook.com and default Microsoft 365 mailboxes accept 20 MB per message after encoding, about 14.5 MB for the file; bigger files go through OneDrive.',
    source: 'Microsoft Support, "File size limits for Outlook" / "Attachment size exceeds the allowable limit": 20 MB for Outlook.com, as of 2025'
  },
  {
    id: 'yahoo-mail',
    name: 'Yahoo Mail',
    aliases: ['yahoo', 'yahoo mail'],
    limitBytes: emailAttachmentLimit(25 * MB),
    note: 'Yahoo Mail accepts 25 MB per message after encoding, about 18 MB for the file.',
    source: 'Yahoo Help, "Attachment size limits in Yahoo Mail": 25 MB'
  },
  {
    id: 'icloud-mail',
    name: 'iCloud Mail',
    aliases: ['icloud mail', 'icloud'],
    limitBytes: emailAttachmentLimit(20 * MB),
    note: 'iCloud Mail accepts messages up to 20 MB including encoding; Mail Drop handles bigger files as links.',
    source: 'Apple Support, "iCloud Mail storage and size limits": 20 MB per message'
  },
  {
    id: 'whatsapp',
    name: 'WhatsApp',
    aliases: ['whatsapp', 'whats app', 'whatapp', 'wa message', 'whatsapp status'],
    limitBytes: 16 * MB,
    note: 'A video sent as media (plays in the chat) may be at most 16 MB. Sent as a document a file may be up to 2 GB, but then it is a download, not a playable message; we aim for the video limit.',
    source: 'WhatsApp Help Center, "About sending media" (16 MB media limit) and the 2022 announcement of 2 GB documents, as of 2025'
  },
  {
    id: 'telegram',
    name: 'Telegram',
    aliases: ['telegram', 'tg', '电报'],
    limitBytes: 2 * GB,
    note: 'Telegram accepts files up to 2 GB (4 GB with Telegram Premium).',
    source: 'Telegram blog, "Video Profiles, 2 GB file sharing" (July 2020); Premium 4 GB since June 2022'
  },
  {
    id: 'slack',
    name: 'Slack',
    aliases: ['slack'],
    limitBytes: 1 * GB,
    note: 'Slack accepts files up to 1 GB each.',
    source: 'Slack Help Center, "Add files to Slack": files up to 1 GB'
  },
  {
    id: 'twitter',
    name: 'X (Twitter)',
    aliases: ['twitter', 'tweet', 'x.com', 'x/twitter', 'twitter/x', '推特'],
    limitBytes: 512 * MB,
    note: 'X accepts videos up to 512 MB (and 2 min 20 s) from accounts without Premium.',
    source: 'X Help Center, "How to share and watch videos on X": 512 MB, as of 2025',
    length: { maxSeconds: 140, source: 'X Help Center, "How to share and watch videos on X": up to 2 minutes 20 seconds without Premium, as of 2025' }
  },
  {
    id: 'instagram',
    name: 'Instagram',
    aliases: ['instagram', 'insta', 'ig', 'ins', 'instagram story'],
    limitBytes: 650 * MB,
    note: 'Instagram feed videos up to 10 minutes may be at most 650 MB (up to 3.6 GB for longer ones).',
    source: 'Meta Business Help Center, Instagram feed video specifications: 650 MB for videos up to 10 minutes'
  },
  {
    id: 'instagram-reels',
    name: 'Instagram Reels',
    aliases: ['reels', 'reel', 'instagram reels', 'instagram reel', 'ig reels', 'insta reels'],
    limitBytes: 650 * MB,
    note: "Reels use Instagram's video uploader; the 650 MB of feed videos up to 10 minutes, the smaller figure Meta gives, is used.",
    source: 'Meta Business Help Center, Instagram feed video specifications: 650 MB for videos up to 10 minutes',
    shape: { aspect: '9:16', source: 'Meta Business Help Center, Instagram Reels specifications: 9:16 recommended (1080 x 1920)' },
    length: { maxSeconds: 3 * 60, source: 'Instagram (Adam Mosseri, January 2025): Reels may be up to 3 minutes long' }
  },
  {
    id: 'tiktok',
    name: 'TikTok',
    aliases: ['tiktok', 'tik tok', 'tik-tok'],
    limitBytes: 4 * GB,
    note: 'TikTok takes videos up to 4 GB and 10 minutes; it shows 9:16 videos full screen.',
    source: 'TikTok for Developers, Content Posting API "Media transfer guide": videos up to 4 GB, as of 2025',
    shape: { aspect: '9:16', source: 'TikTok for Developers, Content Posting API "Media transfer guide", and TikTok Creative Center: 9:16 is full screen' },
    length: { maxSeconds: 10 * 60, source: 'TikTok Newsroom, "Introducing longer videos" (February 2022): up to 10 minutes' }
  },
  {
    id: 'youtube-shorts',
    name: 'YouTube Shorts',
    aliases: ['youtube shorts', 'youtube short', 'yt shorts', 'yt short', 'shorts'],
    limitBytes: 256 * GB,
    note: 'A Short is a square or vertical video up to 3 minutes; YouTube takes files up to 256 GB.',
    source: 'YouTube Help, "Upload videos longer than 15 minutes": 256 GB or 12 hours, whichever is less',
    shape: { aspect: '9:16', source: 'YouTube Help, "Upload YouTube Shorts": a square or vertical aspect ratio (9:16 fills the screen)' },
    length: { maxSeconds: 3 * 60, source: 'YouTube Help, "Upload YouTube Shorts": up to 3 minutes (since 15 October 2024)' }
  },
  {
    id: 'messenger',
    name: 'Messenger',
    aliases: ['messenger', 'facebook messenger', 'fb messenger'],
    limitBytes: 25 * MB,
    note: 'Facebook Messenger attachments may be at most 25 MB.',
    source: 'Facebook Help Center, "Send files in Messenger": 25 MB'
  },
  {
    id: 'signal',
    name: 'Signal',
    aliases: ['signal'],
    limitBytes: 100 * MB,
    note: 'Signal attachments may be at most 100 MB.',
    source: 'Signal Support, "Send files or attachments": 100 MB'
  },
  {
    id: 'reddit',
    name: 'Reddit',
    aliases: ['reddit', 'subreddit'],
    limitBytes: 1 * GB,
    note: 'Reddit accepts video uploads up to 1 GB and 15 minutes.',
    source: 'Reddit Help, "Uploading and sharing videos": 1 GB, 15 minutes',
    length: { maxSeconds: 15 * 60, source: 'Reddit Help, "Uploading and sharing videos": 15 minutes' }
  },
  {
    id: 'github',
    name: 'GitHub',
    aliases: ['github', 'github issue', 'pull request'],
    limitBytes: 10 * MB,
    note: 'Videos attached to GitHub issues, pull requests and comments may be 10 MB on free plans (100 MB on paid plans).',
    source: 'GitHub Docs, "Attaching files": videos 10 MB (free) / 100 MB (paid)'
  },
  {
    id: 'wechat',
    name: 'WeChat',
    aliases: ['wechat', 'weixin', '微信'],
    limitBytes: 25 * MB,
    note: 'WeChat sends videos up to about 25 MB as playable videos; bigger ones must go as files (up to 1 GB). Not an official figure: widely reported, check it in the app.',
    source: 'Widely reported WeChat client behaviour (no official WeChat help page states the video limit)'
  }
]

/** Looks a platform up by id, for callers that store the id. */
export function platformById(id: string): PlatformLimit | undefined {
  return PLATFORM_LIMITS.find((platform) => platform.id === id)
}
