// The Simplified Chinese catalogue (issue #13). Written as Chinese software says it, not word
// for word: short labels (压缩、队列、已完成、设置…), full-width punctuation, a space between
// Chinese and Latin letters or numbers (“25 MB 以内”), units as Chinese users write them (MB,
// 秒, 分钟). Chinese has one plural form (Intl.PluralRules: other), so plurals have only _other.
import type { Catalogue } from '../catalogue'

export const zhCN = {
  ui: {
    app: {
      name: '视频压缩',
      views: '视图',
      queue: '队列',
      settings: '设置',
      pauseQueue: '暂停队列',
      resumeQueue: '继续队列',
      clearFinished: '清除已完成',
      addFiles: '添加文件…',
      paused: '已暂停：正在处理的文件会继续完成，其余文件等你继续后再开始。'
    },
    drop: {
      title: '松开即可压缩',
      hint: '可以是视频，也可以是包含视频的文件夹。'
    },
    empty: {
      title: '把视频拖到窗口中的任意位置',
      hint: '或点击“添加文件…”。结果保存为“文件名.compressed.mp4”，原文件不会被改动。'
    },
    queue: {
      label_other: '队列，共 {{count}} 个文件'
    },
    request: {
      region: '压缩要求',
      label: '你想怎么压缩？',
      placeholder: '例如：25 MB 以内、720p、不要声音（留空则使用默认要求）',
      presets: '预设',
      reading: '正在理解你的要求…',
      plan: '计划：{{summary}}'
    },
    presets: {
      email: { label: '邮件', text: '发邮件用' },
      discord: { label: 'Discord', text: '发 Discord 用' },
      mp4At1080: { label: '1080p MP4', text: '1080p mp4' },
      at720: { label: '720p', text: '720p' },
      smallest: { label: '最小体积', text: '越小越好' },
      best: { label: '最佳画质', text: '最佳画质' }
    },
    job: {
      stillWorking: '⏳ 仍在处理…',
      status: {
        queued: '等待中',
        running: '处理中',
        done: '已完成',
        skipped: '已完成',
        failed: '失败',
        cancelled: '已取消'
      },
      phase: {
        starting: '准备中',
        checking: '正在检查',
        analysing: '正在分析',
        encoding: '正在压缩',
        verifying: '正在校验',
        copying: '正在复制',
        finishing: '即将完成'
      },
      rowLabel: '{{name}}，{{status}}',
      progressLabel: '{{name}} 的进度',
      timeLeft: '剩余 {{time}}',
      frameRate: '{{fps}} fps',
      request: '要求：{{request}}',
      defaultRequest: '更小，画质均衡',
      smaller: '缩小 {{percent}}',
      noSmaller: '没有变小',
      qualityHint: '结果与原片的接近程度，在整段视频的多帧画面上测得',
      quality: '画质：{{label}}（{{scores}}）',
      actions: {
        open: '打开',
        openLabel: '打开 {{name}} 的结果',
        show: '在文件夹中显示',
        showLabel: '在文件夹中显示 {{name}} 的结果',
        cancel: '取消',
        cancelLabel: '取消 {{name}}',
        retry: '重试',
        retryLabel: '重试 {{name}}',
        belowFloorAnyway: '仍然压缩',
        belowFloorAnywayLabel: '仍按目标大小压缩 {{name}}，画质会低于底线',
        belowFloorAtSize: '压缩到 {{size}}',
        belowFloorAtSizeLabel: '将 {{name}} 压缩到 {{size}}，这是满足画质底线的最小大小',
        remove: '移除',
        removeLabel: '从列表中移除 {{name}}',
        trim: '剪辑',
        trimLabel: '剪辑 {{name}}',
        trimDone: '完成',
        trimDoneLabel: '结束剪辑 {{name}}',
        preview: '预览',
        previewLabel: '按计划大小预览 {{name}}',
        previewDone: '关闭预览',
        previewDoneLabel: '关闭 {{name}} 的预览'
      },
      trim: {
        region: '剪辑 {{name}}',
        start: '起点',
        end: '终点',
        startHandle: '剪辑起点',
        endHandle: '剪辑终点',
        length: '时长 {{length}}',
        whole: '完整视频（{{length}}）',
        keepAll: '保留全部',
        reading: '正在读取画面…',
        unreadable: '无法读取这个文件的画面；任务运行时会说明原因。',
        invalid: '请输入时间，例如 1:20。',
        sentence: '保留{{start}}到{{end}}。'
      },
      preview: {
        region: '{{name}} 的预览',
        running: '正在生成预览：检查文件、在画面变化处选取片段、编码并与原片比较……',
        failed: '无法生成预览。{{error}}',
        samples: '片段',
        sample: '片段 {{number}}，位于 {{time}}',
        wipe: '左侧为原片，右侧为压缩后：拖动滑块对比',
        before: '原片',
        after: '压缩后',
        zoom: '缩放',
        actual: '原始尺寸（100%）',
        fit: '适应窗口',
        size: '预计大小：{{size}}',
        sizeSaved: '预计大小：{{size}}（缩小 {{percent}}）',
        time: '预计用时：{{time}}',
        timeUnknown: '预计用时：未知',
        start: '开始压缩',
        inTurn: '前面的任务完成后，此任务会开始。',
        change: '修改要求',
        again: '重新预览',
        requestLabel: '{{name}} 的要求',
        requestHint: '例如：更小、保持 1080p、画质更高、10 MB 以内',
        previewWith: '按此要求预览',
        cancelChange: '取消',
        trim: '改为剪辑'
      }
    },
    notices: {
      region: '消息',
      dismiss: '关闭',
      dismissLabel: '关闭：{{title}}',
      notAdded_other: '{{count}} 项未添加',
      someNotAdded: '部分项目无法添加',
      notOnDisk: '“{{name}}”不在磁盘上（是从浏览器或压缩包中拖入的吗？）。请先把它保存到文件夹，再添加。',
      loadQueueFailed: '无法加载队列',
      addFilesFailed: '无法添加文件',
      fileDialogFailed: '无法打开文件选择窗口',
      pauseFailed: '无法暂停',
      resumeFailed: '无法继续',
      cancelFailed: '无法取消',
      retryFailed: '无法重试',
      retryBelowFloorFailed: '无法重新开始',
      requestFailed: '无法修改要求',
      trimFailed: '无法更改剪辑',
      removeFailed: '无法移除',
      clearFinishedFailed: '无法清除已完成的任务',
      openResultFailed: '无法打开结果',
      showResultFailed: '无法显示结果'
    },
    settings: {
      title: '设置',
      loading: '正在加载设置…',
      choose: '选择…',
      request: {
        legend: '压缩要求',
        defaultRequest: '默认要求',
        defaultRequestHint: '添加文件时没有输入要求，就使用这一条（例如“25 MB 以内”）。留空：体积更小，画质不变。'
      },
      output: {
        legend: '结果保存位置',
        nextToOriginal: '保存在原文件旁边',
        inFolder: '保存到此文件夹：',
        folder: '输出文件夹',
        noFolder: '尚未选择文件夹。',
        naming: '结果命名为“文件名.compressed.mp4”，不会覆盖已有文件。'
      },
      engine: {
        legend: '压缩引擎',
        local: '在本机压缩（ffmpeg）',
        cloud: '云端',
        cloudAddress: '云端 API 地址',
        cloudAddressHint: 'https://… 留空：使用 NemoVideo 默认地址。仅在使用云端引擎时生效。',
        ffmpeg: 'ffmpeg',
        ffmpegDefault: '内置的 ffmpeg（或 FFMPEG_PATH，或 PATH 中的 ffmpeg）。',
        ffmpegHint: '所选程序确认是 ffmpeg 后才会使用。',
        useBundled: '使用内置版本',
        concurrency: '同时处理的文件数'
      },
      hardware: {
        group: '显卡加速',
        auto: '有帮助时使用显卡加速',
        on: '只要可用就使用显卡加速',
        off: '不使用显卡加速',
        hint: '显卡编码快很多倍；体积限制很紧时，处理器编码的画质更好。显卡编码失败时，文件会改由处理器完成。'
      },
      credits: {
        summary: 'NemoVideo 积分：可用 {{available}}，进行中的任务预留 {{frozen}}，共 {{total}}。',
        reading: '正在读取积分…',
        failed: '无法读取积分：{{message}}',
        refresh: '刷新'
      },
      watch: {
        legend: '监视文件夹',
        enabled: '自动压缩这些文件夹中新出现的视频',
        none: '还没有文件夹。结果按上面的设置保存；每个视频只处理一次。',
        remove: '移除',
        removeLabel: '停止监视 {{folder}}',
        request: '此文件夹的要求',
        requestLabel: '{{folder}} 的要求',
        requestHint: '留空：使用默认要求。',
        recursive: '包括子文件夹',
        add: '添加文件夹…'
      },
      app: {
        legend: '应用',
        language: '语言',
        systemLanguage: '跟随系统（{{language}}）',
        notifications: '一批文件完成后通知我',
        closeToTray: '关闭窗口后在托盘中继续运行',
        launchAtLogin: '登录时启动'
      }
    }
  },
  tray: {
    idle: '{{app}} · 空闲',
    position: '第 {{position}} 个，共 {{total}} 个 · {{percent}}',
    paused: '{{status}} · 已暂停',
    showWindow: '显示窗口',
    addFiles: '添加文件…',
    pauseQueue: '暂停队列',
    resumeQueue: '继续队列',
    watchFolders: '监视文件夹',
    recentResults: '最近的结果',
    settings: '设置…',
    quit: '退出'
  },
  notifications: {
    batch: {
      one: '视频已压缩',
      many_other: '已压缩 {{count}} 个视频',
      someFailed: '{{done}} 个完成，{{failed}} 个失败',
      sizes: '{{name}}：{{before}} → {{after}}',
      totalSizes: '共 {{before}} → {{after}}',
      failedHint: '打开应用查看出错原因。',
      sizesAndFailedHint: '{{sizes}}。打开应用查看出错原因。'
    },
    watch: {
      title: '监视文件夹',
      couldNotStart: '无法启动监视文件夹',
      unavailable: '监视的文件夹不可用',
      back: '监视的文件夹已恢复',
      watchingAgain: '已重新开始监视 {{folder}}。',
      fileNotCompressed: '监视到的文件未能压缩',
      notWatched: '未监视文件夹 {{folder}}：{{reason}} 请在设置中修改它的要求。',
      requestNotUnderstood: '无法理解它的要求。'
    }
  },
  dialogs: {
    addVideos: '添加视频',
    videos: '视频',
    allFiles: '所有文件',
    outputFolder: '输出文件夹',
    addWatchFolder: '添加监视文件夹',
    chooseFfmpeg: '选择 ffmpeg',
    programs: '程序',
    couldNotAddFiles: '无法添加文件'
  },
  progress: {
    starting: '准备中',
    checking: '正在检查文件',
    checkingFloor: '正在用样片检查画质下限',
    copying: '正在复制（已在目标大小以内）',
    cutting: '正在剪切（不重新编码）',
    repackaging: '正在重新封装为 {{container}}',
    encoding: '正在编码',
    encodingOnChip: '正在用显卡编码（{{vendor}}）',
    measuringDetail: '正在测量画面细节',
    firstPass: '第 1 遍（共 2 遍）：分析中',
    firstPassAt: '第 1 遍（共 2 遍）：按 {{short}}p 分析中',
    secondPass: '第 2 遍（共 2 遍）：编码中',
    usingRoom: '正在利用目标大小以内的余量',
    correcting: '正在第 {{attempt}} 次修正大小',
    checkingResult: '正在检查结果',
    measuringQuality: '正在测量画质',
    saving: '正在保存',
    done: '已完成',
    cloud: {
      working: 'NemoVideo 正在处理请求',
      exporting: '正在 NemoVideo 上导出',
      exportingPercent: '正在 NemoVideo 上导出 {{percent}}',
      downloading: '正在下载结果',
      downloaded: '正在下载 {{received}}',
      downloadedOf: '正在下载 {{received}}/{{total}}',
      creating: '正在创建 NemoVideo 项目',
      uploading: '正在上传 {{sent}}/{{total}}'
    }
  },
  results: {
    quality: {
      'looks the same': '看不出差别',
      'slight softening': '稍有模糊',
      'visible blocks': '有明显方块'
    },
    cancelled: '已取消。'
  },
  errors: {
    unknown: '出了点问题。请重试，或将其移除。',
    app: {
      jobGone: '这个任务已不在队列中。请刷新列表后重试。',
      previewStarted: '只有尚未开始的任务才能预览。这个任务已开始或已结束，结果见它所在的行。',
      requestUnreadable: '无法理解这个要求。请修改后重试。',
      requestFixed: '“{{name}}”已经开始，要求无法再修改。可以重试以重新压缩。',
      notBelowFloor: '“{{name}}”并非因画质底线而停止；请用“重试”重新压缩。',
      noSizeMeetsFloor: '没有任何大小能满足“{{name}}”的画质底线，即使是原文件的大小也不行。请降低底线，或仍然压缩。',
      noResultYet: '这个任务还没有结果文件。请等它完成，或重试。',
      resultGone: '结果“{{path}}”已不存在，可能已被移动或删除；重试任务即可重新生成。',
      originalGone: '原文件“{{path}}”已不存在，可能已被移动或删除；请从它现在的位置重新添加。',
      watchFolderGone: '这个监视文件夹已不在设置中（期间已被移除）。请用“添加文件夹…”重新添加。',
      watchFolderTwice: '{{folder}} 已经是监视文件夹。请在下方修改它的要求。',
      cannotOpen: '无法打开结果：{{problem}}。请改用“在文件夹中显示”。',
      noCloud: '此处无法使用云端引擎。请在设置中把压缩引擎切换为“在本机压缩”后重试。',
      noCloudPreview: '云端引擎不支持预览。请在设置中把压缩引擎切换为“在本机压缩”后预览，或直接开始任务。',
      notFfmpeg: '{{path}} 未保存为 ffmpeg：{{why}}。请选择 ffmpeg 程序本身（例如 /usr/bin/ffmpeg），或继续使用内置版本。',
      ffmpegWhy: {
        noAnswer: '它在 {{seconds}} 秒内没有回应“-version”',
        answered: '询问版本时，它回答“{{answer}}”',
        answeredNothing: '询问版本时，它没有任何回答',
        missing: '文件不存在',
        notRunnable: '它不是这台电脑能运行的程序',
        notStarted: '它无法启动（{{error}}）',
        exitCode: '退出码 {{code}}',
        failed: '它自称是 ffmpeg，但以 {{end}} 结束'
      },
      settingInvalid: '设置“{{setting}}”无效：{{problem}}。请修改后再保存。'
    },
    adding: {
      notFound: '找不到“{{name}}”。它可能已被移动或删除；请从新位置重新添加。',
      noVideosInFolder: '文件夹“{{name}}”中没有视频（查找了 {{extensions}}）。',
      notVideo: '“{{name}}”不是本应用能压缩的视频文件。请添加视频（{{extensions}} 等）。'
    },
    input: {
      notFound: '{{path}} 不存在。请检查路径（或磁盘是否已连接）后重试。',
      linkLoop: '{{path}} 是一个循环的符号链接（经由其他链接又指回自身），背后没有实际文件。请让链接指向视频，或直接选择视频本身。',
      unreadablePermissions: '无法读取 {{path}}（{{code}}）。请检查该文件及其所在文件夹的权限后重试。',
      unreadableDrive: '无法读取 {{path}}（{{code}}）。请确认磁盘已连接、路径正确后重试。',
      isFolder: '{{path}} 是文件夹，不是视频文件。请选择其中的视频文件。',
      notRegular: '{{path}} 不是普通文件。请选择视频文件。',
      unsupportedExtension:
        '{{name}} 不是本应用支持的视频文件（{{extension}}）。请选择 mp4、mov、avi、webm、mkv、m4v、mpg、ogv、flv、wmv 或 3gp 等格式的视频。',
      noExtension: '{{name}} 不是本应用支持的视频文件（没有扩展名）。请选择 mp4、mov、avi、webm、mkv、m4v、mpg、ogv、flv、wmv 或 3gp 等格式的视频。',
      permissionDenied: '无法读取 {{name}}：权限不足。请检查文件权限（或将其复制到可读取的位置）后重试。',
      empty: '{{name}} 是空文件（0 字节），可能尚未复制或下载完成。请重新获取该文件。',
      tooLarge: '{{name}} 大小为 {{size}}，超过了 {{limit}} 的上限。请在设置中调高大小上限（--max-input-size），或先剪短视频。',
      noVideoStream: '{{name}} 已损坏或不是视频（没有视频流）。请确认它能在播放器中正常播放；如果是下载的文件，请重新下载。',
      notVideo: '{{name}} 已损坏或不是视频（无法作为视频读取）。请确认它能在播放器中正常播放；如果是下载的文件，请重新下载。'
    },
    target: {
      cannotFit: '这段{{length}}的视频无法压缩到 {{target}} 以内，最小约为 {{smallest}}。请选择更大的目标大小，或剪短视频。{{fits}}',
      cannotFitWithAudio:
        '这段{{length}}的视频无法压缩到 {{target}} 以内，最小约为 {{smallest}}（去掉音频约 {{withoutAudio}}）。请选择更大的目标大小、去掉音频，或剪短视频。{{fits}}',
      audioAlone:
        '这段{{length}}的视频光是音频就需要超过 {{target}}，最小约为 {{smallest}}（去掉音频约 {{withoutAudio}}）。请选择更大的目标大小、去掉音频，或剪短视频。{{fits}}',
      cannotMakeFit: '这段视频无法压缩到 {{target}} 以内。请选择更大的目标大小、去掉音频，或剪短视频。{{fits}}',
      fits: '按 {{short}}p 计算，{{target}} 大约能容纳这段视频的 {{length}}：只保留这么多即可，例如“只要前{{length}}”。',
      length: {
        minutes: '{{count}}分钟',
        seconds: '{{count}}秒',
        subSecond: '不到1秒'
      }
    },
    floor: {
      below:
        '按 {{target}} 压缩，这段视频看起来会{{looks}}；要达到{{floor}}，大约需要 {{needed}}。请选择更大的目标大小，或用 --allow-below-floor 接受更低的画质。',
      belowAtAnySize:
        '按 {{target}} 压缩，这段视频看起来会{{looks}}；即使用原文件的大小重新编码，也达不到{{floor}}。请选择更大的目标大小，或用 --allow-below-floor 接受更低的画质。',
      belowInWindow: '按 {{target}} 压缩，这段视频看起来会{{looks}}；要达到{{floor}}，大约需要 {{needed}}。可以压缩到这个大小，或仍按 {{target}} 压缩。',
      belowAtAnySizeInWindow:
        '按 {{target}} 压缩，这段视频看起来会{{looks}}；即使用原文件的大小重新编码，也达不到{{floor}}。请降低画质要求，或仍按 {{target}} 压缩。',
      looks: '“{{label}}”（SSIM {{ssim}}）',
      looksVmaf: '“{{label}}”（SSIM {{ssim}}，VMAF {{vmaf}}）',
      looksUnknown: '不如要求',
      level: {
        good: '“稍有模糊”或更好',
        high: '“看不出差别”',
        ssim: 'SSIM 不低于 {{value}}',
        vmaf: 'VMAF 不低于 {{value}}'
      }
    },
    output: {
      noFreeName: '在 {{folder}} 中找不到可用的输出文件名。请清理其中旧的“.compressed”文件后重试。',
      folderMissing: '输出文件夹 {{folder}} 不存在。请选择一个已有的文件夹。',
      unwritable: '无法写入 {{folder}}（{{code}}）。请选择其他输出文件夹（--output-dir），或修改该文件夹的权限。',
      diskFull: '{{folder}} 所在的磁盘已满。请腾出空间或选择其他输出文件夹后重试。'
    }
  },
  cli: {
    usage: {
      seeHelp: '运行“compress-video --help”查看所有选项。',
      unknownLanguage: '--lang {{value}}：请选择 {{choices}} 之一。',
      targetSize: {
        percent: '--target-size {{value}}：百分比须在 0 到 100 之间，例如 50%。',
        notASize: '--target-size {{value}}：不是有效的大小。请写数字加单位，例如 25MB、500KB、1.5GB、8MiB，或写比例，例如 50%。',
        notPositive: '--target-size {{value}}：目标大小须大于 0 字节。'
      },
      resolution: {
        notAShortSide: '--resolution {{value}}：请给出短边的像素数，例如 720、1080p 或 4k。',
        outOfRange: '--resolution {{value}}：短边须在 {{min}} 到 {{max}} 像素之间，例如 720、1080p 或 4k。'
      },
      fps: '--fps {{value}}：请给出 1 到 240 之间的帧率，例如 30。',
      format: '--format {{value}}：请选择 {{choices}} 之一。',
      codec: '--codec {{value}}：请选择 h264、hevc、vp9、av1 之一。',
      quality: '--quality {{value}}：请选择 {{choices}} 之一。',
      minQuality:
        '--min-quality {{value}}：请选择 good（没有明显色块）或 high（看不出差别），或给出 0 到 1 之间的 SSIM（例如 0.95），或不超过 100 的 VMAF（例如 85）。',
      speed: '--speed {{value}}：请选择 {{choices}} 之一。',
      hardware: '--hardware {{value}}：请选择 {{choices}} 之一（auto：在不明显影响画质时使用显卡）。',
      trimPoint: '{{flag}} {{value}}：不是视频中的时间点。请写成 1:20、80 或 80s（秒），或 1m20s；“-10”表示结束前 10 秒。',
      trimPointAtEnd: '{{flag}} {{value}}：结束前 0 秒就是结尾；要保留到结尾，请去掉 {{flag}}。',
      durationNotALength: '--duration {{value}}：不是有效的时长。请写成 30 或 30s（秒）、0:30 或 1m30s。',
      durationNotPositive: '--duration {{value}}：时长须大于 0 秒。',
      trimAndEnds: '--trim {{value}} 已给出起止点：请去掉 --start、--end 和 --duration，或改用它们代替 --trim。',
      trimRange: '--trim {{value}}：请把要保留的部分写成“开始-结束”，例如 --trim 0:05-1:20（或 0:05- 表示保留到结尾）。',
      trimAllThree: '--start、--end 和 --duration：最多给出其中两个（开始和结束，或其中之一加时长）。',
      beforeBeginning: '--duration {{duration}} --end {{end}}：这一段会从视频开头之前开始；请缩短 --duration。',
      endNotAfterStart: '--end {{end}} 不在 --start {{start}} 之后：什么也剩不下。请让结束点晚于开始点。',
      aspect: '--aspect {{value}}：请选择 {{choices}} 之一（或 vertical、square、landscape）。',
      fit: '--fit {{value}}：请选择 crop（居中裁剪，默认）、pad（加黑边）或 blur（加模糊边）。',
      rotate: '--rotate {{value}}：请选择 90（顺时针转四分之一圈）、180 或 270（逆时针转四分之一圈）。',
      fastCutNothing: '--fast-cut 按关键帧剪切，但没有要剪的部分：请加上 --start、--end、--duration 或 --trim。',
      fitWithoutAspect: '--fit {{value}} 需要一个画面比例：请加上 --aspect 9:16、1:1、16:9 或 4:5。',
      containerCodec: '--format {{container}} 无法容纳 {{codec}} 视频：{{container}} 请用 --codec {{fits}}，或换一种 --format。',
      either: '{{one}} 或 {{other}}',
      maxInputSize: '--max-input-size {{value}}：不是有效的大小，例如 4GB。',
      request: {
        notUnderstood: '--request “{{text}}”：{{reason}}',
        notLocal: '--request “{{text}}”：{{why}}。',
        export: '导出是 NemoVideo 云端操作：请加 --engine cloud 运行，或提出大小或格式要求，在本机压缩',
        credits: '这是在查询 NemoVideo 积分：请运行“compress-video credits”',
        status: '这是在查询云端项目的状态，本地引擎没有这项功能：请使用 --engine cloud',
        upload: '上传是 NemoVideo 云端操作：请使用 --engine cloud',
        other: '这不是压缩要求；{{canDo}}。NemoVideo 云端引擎（--engine cloud，消耗积分）可以处理自由形式的编辑',
        localCanDo:
          '本地引擎可以压缩和转换：大小（--target-size 25MB）、分辨率（-r 720）、帧率（--fps 30）、格式（-f webm）、编码（-c hevc）、去掉音频（--no-audio）、剪切（--trim 0:05-1:20）、画面比例（--aspect 9:16）和旋转（--rotate 90）'
      },
      server: {
        noRedis: '未指定 Redis：请传入 --redis redis://主机:端口，或设置 REDIS_URL（Debian：apt-get install redis-server）。',
        insecureHttp: '在 {{host}} 上使用明文 HTTP 会让令牌和视频以明文传输。请监听 127.0.0.1 并放在 TLS 代理之后（见 README），或传入 --insecure-http。',
        port: '--port {{value}}：不是有效的端口号。',
        maxUpload: '--max-upload {{value}}：不是有效的大小，例如 500MB。',
        lockSeconds: '--lock-seconds {{value}}：请至少给 1 秒。',
        keepHours: '--keep-hours {{value}}：请给出大于 0 的小时数。',
        splitMinutes: '--split-minutes {{value}}：请给出分钟数，0 表示从不拆分。',
        splitParts: '--split-parts {{value}}：请给出不小于 2 的整数。',
        credits: '--credits {{value}}：不是有效的积分数。',
        concurrency: '--concurrency {{value}}：请给出不小于 1 的整数。',
        hardware: '--hardware {{value}}：请给出 auto 或 off。'
      }
    },
    stopping: {
      cancelling: '正在停止：取消中…',
      removing: '正在停止：删除未完成的文件…'
    },
    plan: '计划：{{summary}}',
    cloudReply: 'NemoVideo：{{text}}',
    cloudStillWorking: 'NemoVideo：⏳ 仍在处理…',
    note: '说明：{{change}}',
    quality: '{{label}}（SSIM {{ssim}}）',
    qualityVmaf: '{{label}}（SSIM {{ssim}}，VMAF {{vmaf}}）',
    compress: {
      sizes: '{{before}} → {{after}}（减小 {{saved}}），用时 {{time}}',
      original: '{{path}}（原文件）',
      quality: '画质：{{quality}}',
      cancelled: '已取消',
      failedAbove: '失败（原因见上方）',
      summary_other: '已完成 {{done}} 个，共 {{count}} 个文件。',
      allCancelled: '已取消。没有留下未完成的文件，原文件未被改动。'
    },
    progress: {
      starting: '准备中',
      eta: '剩余时间 {{eta}}',
      line: '{{name}}：{{percent}} {{detail}}（速度 {{speed}}，剩余时间 {{eta}}）'
    },
    planFile: {
      cannotPlan: '无法为此文件制定计划：{{message}}',
      editOnly: '{{edits}}，不重新编码。',
      copy: '{{lead}}：无需处理，原文件保持不变（使用 --output-dir 时原样复制过去）。',
      remux: '{{lead}}：将重新封装为 {{container}}，不重新编码。',
      under: '目标大小 {{size}} 以内',
      constantQuality: '恒定画质（{{quality}}）',
      scaled: '{{to}}p（原为 {{from}}p）',
      keep: '保持 {{short}}p',
      fps: '{{fps}} 帧/秒',
      codec: '{{codec}} {{container}}',
      codecAt: '{{codec}} {{container}}，{{kbps}} kbps',
      noAudio: '无音频',
      audioCopy: '音频保持不变',
      audio: '{{codec}} 音频 {{kbps}} kbps',
      chip: '使用显卡编码（{{vendor}}，{{name}}）',
      encoder: '使用 {{encoder}} 编码',
      engineChange: '引擎调整：{{change}}。',
      encodeTime: '在本机编码约需 {{time}}',
      belowFloor:
        '达不到画质下限：压到 {{target}}，这个视频会{{label}}（SSIM {{ssim}}）；要达到{{floor}}，大约需要 {{needed}}。请调大目标大小，或加上 --allow-below-floor。',
      belowFloorAtAnySize:
        '达不到画质下限：压到 {{target}}，这个视频会{{label}}（SSIM {{ssim}}）；即使保持原文件大小重新编码，也达不到{{floor}}。请降低 --min-quality，或加上 --allow-below-floor。',
      meetsFloor: '按样本估算，压到 {{target}} 能达到画质下限（{{floor}}）：{{label}}（SSIM {{ssim}}）。',
      floor: {
        good: '“稍有模糊”或更好',
        high: '“看不出差别”',
        ssim: '画质评分 SSIM {{value}}',
        vmaf: '画质评分 VMAF {{value}}'
      }
    },
    preview: {
      stage: {
        checking: '正在检查文件…',
        choosing: '正在挑选画面变化处…',
        encoding: '正在按计划编码样片…',
        comparing: '正在与原片对比…'
      },
      cancelled: '已取消。样片已删除，原文件未被改动。',
      heading: '{{name}} 预览：{{plan}}',
      quality: '样片画质：{{quality}}',
      badOutFolder: '--out {{folder}}：无法创建该文件夹（{{code}}）。请指定一个可写入的文件夹。',
      notMeasured: '未测量',
      size: '预计大小：{{size}}（原为 {{original}}）',
      time: '本机预计用时：约 {{time}}',
      second: '{{seconds}} 秒',
      separator: '、',
      frames: '对比帧位于 {{times}}，保存在 {{folder}}：'
    },
    watch: {
      queued: '已排队  {{input}}（{{size}}）',
      done: '已完成  {{input}} -> {{output}}',
      doneSizes: '已完成  {{input}} -> {{output}}（{{before}} -> {{after}}）',
      doneSaved: '已完成  {{input}} -> {{output}}（{{before}} -> {{after}}，减小 {{saved}}）',
      noOutput: '（无输出）',
      skipped: '已跳过  {{input}}：{{message}}',
      failed: '失败    {{input}}：{{message}}',
      cancelled: '已取消  {{input}}：{{message}}',
      stillDownloading: '已忽略  {{input}}（仍在下载）',
      notAVideo: '已忽略  {{input}}（不是视频文件）',
      unavailable: '不可用  {{message}}',
      available: '已恢复  {{folder}}：重新开始监视。',
      warning: '警告    {{message}}',
      notAFolder: '{{folder}} 是文件，不是文件夹。请指定要监视的文件夹：compress-video watch 文件夹',
      noFolder: '文件夹 {{folder}} 不存在。请检查路径，或先创建该文件夹。',
      unreadable: '文件夹 {{folder}} 无法使用：{{why}}。',
      watching: '正在监视 {{what}}。按 Ctrl-C 停止。',
      withSubfolders: '{{folder}} 及其子文件夹',
      forRequest: '{{what}}（要求：“{{request}}”）',
      stoppedBeforeTurn: '还没轮到就已停止。',
      recordNotSaved: '无法保存监视记录，本次处理过的文件下次可能会再处理一遍。',
      stopped: '已停止监视。'
    }
  }
} as const satisfies Catalogue
