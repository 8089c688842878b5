// The English catalogue (issue #13): every word the app shows, by namespace. It is the source
// catalogue: its shape types every t() call (types.ts) and every other catalogue, and
// catalogue.test.ts checks that each language has the same keys, parameters and plural forms.
//
// Namespaces say who speaks: ui (the window), tray, notifications (the desktop notification and
// main's notices in the window), dialogs (main's native dialogs), results and errors (what a job
// ended with: today only the words the front ends add around the engine's sentences; the
// engine's, the queue's and the watch service's codes get their sentences here).
//
// i18next syntax: {{name}} is a parameter; a key ending _one/_other is a plural (t(key, { count })),
// with the forms of Intl.PluralRules for the language (English: one, other; Chinese: other).
export const en = {
  ui: {
    app: {
      name: 'Compress Video',
      views: 'Views',
      queue: 'Queue',
      settings: 'Settings',
      pauseQueue: 'Pause queue',
      resumeQueue: 'Resume queue',
      clearFinished: 'Clear finished',
      addFiles: 'Add files…',
      paused: 'Paused: running files finish, new ones wait until you resume.'
    },
    drop: {
      title: 'Drop to compress',
      hint: 'Videos, or folders with videos in them.'
    },
    empty: {
      title: 'Drop videos anywhere in this window',
      hint: 'or use “Add files…”. Results are saved as “name.compressed.mp4”; originals are never changed.'
    },
    queue: {
      label_one: 'Queue, {{count}} file',
      label_other: 'Queue, {{count}} files'
    },
    request: {
      region: 'Request',
      label: 'What do you want?',
      placeholder: 'e.g. under 25 MB, 720p, no audio (empty: your default request)',
      presets: 'Presets',
      reading: 'Reading your request…',
      plan: 'Plan: {{summary}}'
    },
    // Each preset's text is what goes into the request box: the request parser must read it
    // (catalogue.test.ts checks that every language's text means the same as the English one).
    presets: {
      email: { label: 'Email', text: 'for email' },
      discord: { label: 'Discord', text: 'for Discord' },
      mp4At1080: { label: '1080p MP4', text: '1080p mp4' },
      at720: { label: '720p', text: '720p' },
      smallest: { label: 'Smallest', text: 'smallest file' },
      best: { label: 'Best quality', text: 'best quality' }
    },
    job: {
      stillWorking: '⏳ Still working...',
      status: {
        queued: 'Waiting',
        running: 'Working',
        done: 'Done',
        skipped: 'Done',
        failed: 'Failed',
        cancelled: 'Cancelled'
      },
      phase: {
        starting: 'Starting',
        checking: 'Checking',
        analysing: 'Analysing',
        encoding: 'Compressing',
        verifying: 'Verifying',
        copying: 'Copying',
        finishing: 'Finishing'
      },
      rowLabel: '{{name}}, {{status}}',
      progressLabel: '{{name}} progress',
      timeLeft: '{{time}} left',
      frameRate: '{{fps}} fps',
      request: 'Request: {{request}}',
      defaultRequest: 'smaller, balanced quality',
      smaller: '{{percent}} smaller',
      noSmaller: 'no smaller',
      qualityHint: 'How close the result is to the original, measured on frames across the clip',
      quality: 'Quality: {{label}} ({{scores}})',
      actions: {
        open: 'Open',
        openLabel: 'Open the result of {{name}}',
        show: 'Show in folder',
        showLabel: 'Show the result of {{name}} in its folder',
        cancel: 'Cancel',
        cancelLabel: 'Cancel {{name}}',
        retry: 'Retry',
        retryLabel: 'Retry {{name}}',
        belowFloorAnyway: 'Compress anyway',
        belowFloorAnywayLabel: 'Compress {{name}} at its target anyway, below its quality floor',
        belowFloorAtSize: 'Compress to {{size}}',
        belowFloorAtSizeLabel: 'Compress {{name}} to {{size}}, the smallest size that meets its quality floor',
        remove: 'Remove',
        removeLabel: 'Remove {{name}} from the list',
        trim: 'Trim',
        trimLabel: 'Trim {{name}}',
        trimDone: 'Done',
        trimDoneLabel: 'Close the trim of {{name}}',
        preview: 'Preview',
        previewLabel: 'Preview {{name}} at the planned size',
        previewDone: 'Close preview',
        previewDoneLabel: 'Close the preview of {{name}}'
      },
      trim: {
        region: 'Trim {{name}}',
        start: 'Start',
        end: 'End',
        startHandle: 'Trim start',
        endHandle: 'Trim end',
        length: 'Length {{length}}',
        whole: 'Whole video ({{length}})',
        keepAll: 'Keep all',
        reading: 'Reading frames…',
        unreadable: 'The frames of this file could not be read; the job says why when it runs.',
        invalid: 'Write a time such as 1:20 or 80s.',
        // The request parser reads this back: the control's range, in the job's request.
        sentence: 'Keep {{start}} to {{end}}.'
      },
      preview: {
        region: 'Preview of {{name}}',
        running: 'Making the preview: checking the file, choosing samples where the picture changes, encoding them and comparing them with the original…',
        failed: 'The preview could not be made. {{error}}',
        samples: 'Samples',
        sample: 'Sample {{number}}, at {{time}}',
        wipe: 'Original on the left, compressed on the right: move the slider to compare',
        before: 'Original',
        after: 'Compressed',
        zoom: 'Zoom',
        actual: 'Actual size (100%)',
        fit: 'Fit',
        size: 'Expected size: {{size}}',
        sizeSaved: 'Expected size: {{size}} ({{percent}} smaller)',
        time: 'Expected time: {{time}}',
        timeUnknown: 'Expected time: unknown',
        start: 'Start this job',
        inTurn: 'This job starts when the jobs before it are done.',
        change: 'Change the request',
        again: 'Preview again',
        requestLabel: 'Request for {{name}}',
        requestHint: 'e.g. smaller, keep 1080p, higher quality, under 10 MB',
        previewWith: 'Preview with this request',
        cancelChange: 'Cancel',
        trim: 'Trim instead'
      }
    },
    notices: {
      region: 'Messages',
      dismiss: 'Dismiss',
      dismissLabel: 'Dismiss: {{title}}',
      notAdded_one: '{{count}} item was not added',
      notAdded_other: '{{count}} items were not added',
      someNotAdded: 'Some items could not be added',
      notOnDisk: '“{{name}}” has no place on disk (dragged from a browser or an archive?). Save it to a folder first, then add it.',
      loadQueueFailed: 'Could not load the queue',
      addFilesFailed: 'Could not add the files',
      fileDialogFailed: 'Could not open the file dialog',
      pauseFailed: 'Could not pause',
      resumeFailed: 'Could not resume',
      cancelFailed: 'Could not cancel',
      retryFailed: 'Could not retry',
      retryBelowFloorFailed: 'Could not start it again',
      trimFailed: 'Could not change the trim',
      requestFailed: 'Could not change the request',
      removeFailed: 'Could not remove',
      clearFinishedFailed: 'Could not clear the finished jobs',
      openResultFailed: 'Could not open the result',
      showResultFailed: 'Could not show the result'
    },
    settings: {
      title: 'Settings',
      loading: 'Loading settings…',
      choose: 'Choose…',
      request: {
        legend: 'Request',
        defaultRequest: 'Default request',
        defaultRequestHint: 'Used when you add files without typing a request (e.g. “under 25 MB”). Empty: smaller, same quality.'
      },
      output: {
        legend: 'Where results go',
        nextToOriginal: 'Next to the original',
        inFolder: 'In this folder:',
        folder: 'Output folder',
        noFolder: 'No folder chosen yet.',
        naming: 'Results are named “name.compressed.mp4” and never replace an existing file.'
      },
      engine: {
        legend: 'Engine',
        local: 'On this computer (ffmpeg)',
        cloud: 'Cloud',
        cloudAddress: 'Cloud API address',
        cloudAddressHint: 'https://… Empty: the default NemoVideo address. Only used with the cloud engine.',
        ffmpeg: 'ffmpeg',
        ffmpegDefault: 'The bundled ffmpeg (or FFMPEG_PATH, or the one on your PATH).',
        ffmpegHint: 'The program you choose is used only if it answers as ffmpeg.',
        useBundled: 'Use the bundled one',
        concurrency: 'Files at the same time'
      },
      hardware: {
        group: 'Graphics chip',
        auto: 'Use the graphics chip when it helps',
        on: 'Use the graphics chip whenever it works',
        off: 'Never use the graphics chip',
        hint: 'The graphics chip encodes many times faster; where the size is tight, the processor’s encoder looks better. A chip that fails hands the file to the processor.'
      },
      credits: {
        summary: 'NemoVideo credits: {{available}} available ({{frozen}} reserved for work in progress), {{total}} in total.',
        reading: 'Reading credits…',
        failed: 'Credits could not be read: {{message}}',
        refresh: 'Refresh'
      },
      watch: {
        legend: 'Watch folders',
        enabled: 'Compress new videos that appear in these folders',
        none: 'No folders yet. Results are written as configured above; each video is handled once.',
        remove: 'Remove',
        removeLabel: 'Stop watching {{folder}}',
        request: 'Request for this folder',
        requestLabel: 'Request for {{folder}}',
        requestHint: 'Empty: the default request.',
        recursive: 'Include subfolders',
        add: 'Add folder…'
      },
      app: {
        legend: 'App',
        language: 'Language',
        // The system's choice, named in the language it resolves to ("System (English)").
        systemLanguage: 'System ({{language}})',
        notifications: 'Notify me when a batch finishes',
        closeToTray: 'Keep working in the tray when I close the window',
        launchAtLogin: 'Start at login'
      }
    }
  },
  tray: {
    idle: '{{app}} · idle',
    position: '{{position}} of {{total}} · {{percent}}',
    paused: '{{status}} · paused',
    showWindow: 'Show window',
    addFiles: 'Add files…',
    pauseQueue: 'Pause queue',
    resumeQueue: 'Resume queue',
    watchFolders: 'Watch folders',
    recentResults: 'Recent results',
    settings: 'Settings…',
    quit: 'Quit'
  },
  notifications: {
    batch: {
      one: 'Video compressed',
      many_one: '{{count}} video compressed',
      many_other: '{{count}} videos compressed',
      someFailed: '{{done}} done, {{failed}} failed',
      sizes: '{{name}}: {{before}} → {{after}}',
      totalSizes: '{{before}} → {{after}} in total',
      failedHint: 'Open the app to see what went wrong.',
      sizesAndFailedHint: '{{sizes}}. Open the app to see what went wrong.'
    },
    watch: {
      title: 'Watch folders',
      couldNotStart: 'Watch folders could not start',
      unavailable: 'A watched folder is unavailable',
      back: 'A watched folder is back',
      watchingAgain: 'Watching {{folder}} again.',
      fileNotCompressed: 'A watched file was not compressed',
      // {{reason}} is the request parser's sentence (it ends with its own full stop).
      notWatched: 'The watch folder {{folder}} is not watched: {{reason}} Change its request in Settings.',
      requestNotUnderstood: 'its request could not be understood.'
    }
  },
  dialogs: {
    addVideos: 'Add videos',
    videos: 'Videos',
    allFiles: 'All files',
    outputFolder: 'Output folder',
    addWatchFolder: 'Add a watch folder',
    chooseFfmpeg: 'Choose ffmpeg',
    programs: 'Programs',
    couldNotAddFiles: 'Could not add files'
  },
  // The step a job is at (JobProgress.detailWords): the engine's and the queue's, shown beside
  // the percent in the app's rows and the CLI's progress bar and lines.
  progress: {
    starting: 'Starting',
    checking: 'Checking the file',
    checkingFloor: 'Checking the quality floor on samples',
    copying: 'Copying (already under the target)',
    cutting: 'Cutting without re-encoding',
    repackaging: 'Repackaging as {{container}}',
    encoding: 'Encoding',
    encodingOnChip: 'Encoding on the graphics chip ({{vendor}})',
    measuringDetail: 'Measuring how much detail the picture has',
    firstPass: 'Pass 1 of 2: analysing',
    // The analysis again at a lower resolution (the first said the budget is too tight).
    firstPassAt: 'Pass 1 of 2: analysing at {{short}}p',
    secondPass: 'Pass 2 of 2: encoding',
    usingRoom: 'Using the room left under the target',
    correcting: 'Correcting the size (try {{attempt}})',
    checkingResult: 'Checking the result',
    measuringQuality: 'Measuring the quality',
    saving: 'Saving',
    done: 'Done',
    // The NemoVideo cloud engine (src/cloud/nemo/engine.ts).
    cloud: {
      working: 'NemoVideo is working on the request',
      exporting: 'Exporting on NemoVideo',
      exportingPercent: 'Exporting on NemoVideo {{percent}}',
      downloading: 'Downloading the result',
      downloaded: 'Downloading {{received}}',
      downloadedOf: 'Downloading {{received}} of {{total}}',
      creating: 'Creating a NemoVideo project',
      uploading: 'Uploading {{sent}} of {{total}}'
    }
  },
  results: {
    // By QualityLabel (shared/compression.ts): the engine's verdict is a code, these are its words.
    quality: {
      'looks the same': 'looks the same',
      'slight softening': 'slight softening',
      'visible blocks': 'visible blocks'
    },
    cancelled: 'Cancelled.'
  },
  errors: {
    // A failed job that carries no sentence of its own.
    unknown: 'Something went wrong. Retry, or remove it.',
    // What the window asked main for and could not be done (src/main/handlers.ts, the queue, the settings).
    app: {
      jobGone: 'This job is no longer in the queue. Refresh the list and try again.',
      previewStarted: 'Only a job that has not started can be previewed. This one has started or ended; its row shows the result.',
      requestUnreadable: 'The request could not be understood. Change it and try again.',
      requestFixed: '"{{name}}" has already started: its request can no longer change. Retry it to run it again.',
      notBelowFloor: '"{{name}}" was not stopped by its quality floor; use Retry to run it again.',
      noSizeMeetsFloor: 'No size meets the quality floor of "{{name}}", not even the original\'s. Lower the floor, or compress it anyway.',
      noResultYet: 'This job has no result file yet. Wait for it to finish, or retry it.',
      resultGone: 'The result "{{path}}" is gone. It was moved or deleted; retry the job to make it again.',
      originalGone: 'The original "{{path}}" is gone. It was moved or deleted; add it again from where it is now.',
      watchFolderGone: 'This watch folder is no longer in the settings (it was removed meanwhile). Add it again with "Add folder…".',
      watchFolderTwice: '{{folder}} is already a watch folder. Change its request below instead.',
      cannotOpen: 'The result could not be opened: {{problem}}. Try "Show in folder" instead.',
      noCloud: 'The cloud engine is not available here. Switch Engine to "On this computer" in Settings and retry.',
      noCloudPreview: 'The cloud engine has no preview. Switch Engine to "On this computer" in Settings to preview, or start the job.',
      notFfmpeg: '{{path}} was not saved as ffmpeg: {{why}}. Choose the ffmpeg program itself (e.g. /usr/bin/ffmpeg), or keep the bundled one.',
      // {{why}} of notFfmpeg.
      ffmpegWhy: {
        noAnswer: 'it did not answer "-version" within {{seconds}} s',
        answered: 'asked for its version, it answered "{{answer}}"',
        answeredNothing: 'asked for its version, it answered nothing',
        missing: 'the file does not exist',
        notRunnable: 'it is not a program this computer can run',
        notStarted: 'it could not be started ({{error}})',
        exitCode: 'exit code {{code}}',
        failed: 'it says it is ffmpeg but ended with {{end}}'
      },
      settingInvalid: 'The setting "{{setting}}" is not valid: {{problem}}. Change it and save again.'
    },
    // What dropped or picked paths could not be added (src/main/inputs.ts).
    adding: {
      notFound: '"{{name}}" could not be found. It may have been moved or deleted; add it again from its new place.',
      noVideosInFolder: 'The folder "{{name}}" has no videos in it (looked for {{extensions}}).',
      notVideo: '"{{name}}" is not a video file this app can compress. Add a video ({{extensions}}, ...).'
    },
    // The checks of an input before any work (src/engine/checks.ts).
    input: {
      notFound: '{{path}} does not exist. Check the path (or that the drive is connected) and try again.',
      linkLoop:
        '{{path}} is a symbolic link that loops (it leads back to itself through other links), so there is no file behind it. Point the link at the video, or choose the video itself.',
      unreadablePermissions: 'Cannot read {{path}} ({{code}}). Check the permissions of the file and of its folders, then try again.',
      unreadableDrive: 'Cannot read {{path}} ({{code}}). Check that the drive is connected and the path is right, then try again.',
      isFolder: '{{path}} is a folder, not a video file. Choose the video files inside it.',
      notRegular: '{{path}} is not a regular file. Choose a video file.',
      unsupportedExtension:
        '{{name}} is not a video file this app accepts ({{extension}}). Choose a video such as mp4, mov, avi, webm, mkv, m4v, mpg, ogv, flv, wmv or 3gp.',
      noExtension:
        '{{name}} is not a video file this app accepts (no extension). Choose a video such as mp4, mov, avi, webm, mkv, m4v, mpg, ogv, flv, wmv or 3gp.',
      permissionDenied: "Cannot read {{name}}: permission denied. Check the file's permissions (or copy it somewhere you can read) and try again.",
      empty: '{{name}} is empty (0 bytes). It may not have finished copying or downloading; get the file again.',
      tooLarge: '{{name}} is {{size}}, over the limit of {{limit}}. Raise the size limit in the settings (--max-input-size) or trim the video first.',
      noVideoStream: '{{name}} is damaged or not a video (it has no video stream). Check that it plays in a video player; if it is a download, get it again.',
      notVideo: '{{name}} is damaged or not a video (it could not be read as video). Check that it plays in a video player; if it is a download, get it again.'
    },
    // A size target below what this video can be (src/engine/plan/minimum-size.ts); {{fits}}: a
    // hint of how long a part does fit (target.fits), or nothing.
    target: {
      cannotFit: 'A {{length}} video cannot fit in {{target}}. The smallest possible is about {{smallest}}. Choose a bigger target or trim the video.{{fits}}',
      cannotFitWithAudio:
        'A {{length}} video cannot fit in {{target}}. The smallest possible is about {{smallest}} (about {{withoutAudio}} without the audio). Choose a bigger target, remove the audio, or trim the video.{{fits}}',
      audioAlone:
        'Even the audio alone of this {{length}} video needs more than {{target}}. The smallest possible is about {{smallest}} (about {{withoutAudio}} without the audio). Choose a bigger target, remove the audio, or trim the video.{{fits}}',
      cannotMakeFit: 'This video cannot be made to fit {{target}}. Choose a bigger target, remove the audio, or trim the video.{{fits}}',
      fits: ' At {{short}}p, {{target}} holds about {{length}} of this video: keep only that much, e.g. "only the first {{length}}".',
      length: {
        minutes: '{{count}}-minute',
        seconds: '{{count}}-second',
        subSecond: 'sub-second'
      }
    },
    // A size target at which the quality floor is not met (src/engine/floor.ts): {{looks}} is
    // floor.looks*, {{floor}} floor.level.*.
    floor: {
      below:
        'At {{target}} this video would look like {{looks}}; for {{floor}} it needs about {{needed}}. Choose a bigger target, or allow a lower quality with --allow-below-floor.',
      belowAtAnySize:
        "At {{target}} this video would look like {{looks}}; for {{floor}} not even the original's size is enough to re-encode it at that quality. Choose a bigger target, or allow a lower quality with --allow-below-floor.",
      // The same findings in the window, whose row offers the two ways on as buttons (JobRow).
      belowInWindow:
        'At {{target}} this video would look like {{looks}}; for {{floor}} it needs about {{needed}}. Compress it to that size, or anyway at {{target}}.',
      belowAtAnySizeInWindow:
        "At {{target}} this video would look like {{looks}}; for {{floor}} not even the original's size is enough to re-encode it at that quality. Ask for a lower quality, or compress it anyway at {{target}}.",
      looks: "'{{label}}' (SSIM {{ssim}})",
      looksVmaf: "'{{label}}' (SSIM {{ssim}}, VMAF {{vmaf}})",
      looksUnknown: "'less than asked'",
      level: {
        good: "'slight softening' or better",
        high: "'looks the same'",
        ssim: 'SSIM {{value}}',
        vmaf: 'VMAF {{value}}'
      }
    },
    // Where the result goes (src/jobs/output.ts).
    output: {
      noFreeName: 'Could not find a free output name in {{folder}}. Tidy up old ".compressed" files there and try again.',
      folderMissing: 'The output folder {{folder}} does not exist. Choose an existing folder.',
      unwritable: "Cannot write to {{folder}} ({{code}}). Choose another output folder (--output-dir) or fix the folder's permissions.",
      diskFull: 'The disk holding {{folder}} is full. Free some space or choose another output folder, then retry.'
    }
  },
  // The command line's own words (src/cli): what it prints around the engine's sentences, which
  // it prints as they come until they carry codes. Flags, JSON keys and commander's --help stay English.
  cli: {
    usage: {
      seeHelp: 'Run "compress-video --help" for the options.',
      unknownLanguage: '--lang {{value}}: choose one of {{choices}}.',
      // A flag's value that cannot be used (src/cli/options.ts): {{value}} is what was typed.
      targetSize: {
        percent: '--target-size {{value}}: a percentage must be between 0 and 100, e.g. 50%.',
        notASize: '--target-size {{value}}: not a size. Use a number with a unit, e.g. 25MB, 500KB, 1.5GB, 8MiB, or a share such as 50%.',
        notPositive: '--target-size {{value}}: the target must be more than 0 bytes.'
      },
      resolution: {
        notAShortSide: '--resolution {{value}}: give the short side in pixels, e.g. 720, 1080p or 4k.',
        outOfRange: '--resolution {{value}}: the short side must be {{min}} to {{max}} pixels, e.g. 720, 1080p or 4k.'
      },
      fps: '--fps {{value}}: give a frame rate between 1 and 240, e.g. 30.',
      format: '--format {{value}}: choose one of {{choices}}.',
      codec: '--codec {{value}}: choose one of h264, hevc, vp9, av1.',
      quality: '--quality {{value}}: choose one of {{choices}}.',
      minQuality:
        '--min-quality {{value}}: choose good (no visible blocks) or high (looks the same), or give an SSIM from 0 to 1 (e.g. 0.95) or a VMAF up to 100 (e.g. 85).',
      speed: '--speed {{value}}: choose one of {{choices}}.',
      hardware: '--hardware {{value}}: choose one of {{choices}} (auto: the graphics chip where it does not cost visible quality).',
      // {{flag}}: --start or --end.
      trimPoint: '{{flag}} {{value}}: not a point in the video. Write it as 1:20, 80 or 80s (seconds), or 1m20s; "-10" is 10 seconds before the end.',
      trimPointAtEnd: '{{flag}} {{value}}: 0 seconds before the end is the end; leave {{flag}} out to keep the whole end.',
      durationNotALength: '--duration {{value}}: not a length. Write it as 30 or 30s (seconds), 0:30 or 1m30s.',
      durationNotPositive: '--duration {{value}}: the length must be more than 0 seconds.',
      trimAndEnds: '--trim {{value}} says both ends already: leave out --start, --end and --duration, or use those instead of --trim.',
      trimRange: '--trim {{value}}: write the part to keep as START-END, e.g. --trim 0:05-1:20 (or 0:05- for the rest of the video).',
      trimAllThree: '--start, --end and --duration: give two of them at most (a start and an end, or one of them and a length).',
      beforeBeginning: '--duration {{duration}} --end {{end}}: the part would start before the beginning of the video; give a shorter --duration.',
      endNotAfterStart: '--end {{end}} is not after --start {{start}}: nothing would be left. Give an end after the start.',
      aspect: '--aspect {{value}}: choose one of {{choices}} (or vertical, square, landscape).',
      fit: '--fit {{value}}: choose crop (centred, the default), pad (black bars) or blur (blurred bars).',
      rotate: '--rotate {{value}}: choose 90 (a quarter turn clockwise), 180 or 270 (a quarter turn counterclockwise).',
      fastCutNothing: '--fast-cut cuts on keyframes, and nothing is cut: add --start, --end, --duration or --trim.',
      fitWithoutAspect: '--fit {{value}} needs a shape to fit into: add --aspect 9:16, 1:1, 16:9 or 4:5.',
      // {{fits}}: the codecs the container holds, joined by "or" (either).
      containerCodec: '--format {{container}} cannot hold {{codec}} video: use --codec {{fits}} with {{container}}, or another --format.',
      either: '{{one}} or {{other}}',
      maxInputSize: '--max-input-size {{value}}: not a size, e.g. 4GB.',
      // --request TEXT (src/cli/request.ts): {{reason}} is the request parser's own sentence.
      request: {
        notUnderstood: '--request "{{text}}": {{reason}}',
        notLocal: '--request "{{text}}": {{why}}.',
        export: 'exporting is a NemoVideo cloud action: run it with --engine cloud, or ask for a size or format to compress locally',
        credits: 'that asks for NemoVideo credits: run "compress-video credits"',
        status: "that asks for a cloud project's status, which the local engine does not have: use --engine cloud",
        upload: 'uploading is a NemoVideo cloud action: use --engine cloud',
        // Not a push towards the paid engine: first what can be done here, then where edits can go.
        other: 'that is not a compression; {{canDo}}. The NemoVideo cloud engine (--engine cloud, paid with credits) can take free-form edits',
        localCanDo:
          'the local engine compresses and converts: size (--target-size 25MB), resolution (-r 720), frame rate (--fps 30), format (-f webm), codec (-c hevc), removing the audio (--no-audio), trimming (--trim 0:05-1:20), shape (--aspect 9:16) and turning (--rotate 90)'
      },
      // serve, serve token and worker (src/cli/server-commands.ts).
      server: {
        noRedis: 'No Redis given: pass --redis redis://HOST:PORT or set REDIS_URL (Debian: apt-get install redis-server).',
        insecureHttp:
          'Plain HTTP on {{host}} would carry tokens and videos in clear text. Listen on 127.0.0.1 behind a TLS proxy (README), or pass --insecure-http.',
        port: '--port {{value}}: not a port number.',
        maxUpload: '--max-upload {{value}}: not a size, e.g. 500MB.',
        lockSeconds: '--lock-seconds {{value}}: give at least 1 second.',
        keepHours: '--keep-hours {{value}}: give a number of hours above 0.',
        splitMinutes: '--split-minutes {{value}}: give a number of minutes, 0 for never.',
        splitParts: '--split-parts {{value}}: give a whole number of at least 2.',
        credits: '--credits {{value}}: not a number of credits.',
        concurrency: '--concurrency {{value}}: give a whole number of at least 1.',
        hardware: '--hardware {{value}}: give auto or off.'
      }
    },
    stopping: {
      cancelling: 'Stopping: cancelling...',
      removing: 'Stopping: removing partial files...'
    },
    plan: 'Plan: {{summary}}',
    cloudReply: 'NemoVideo: {{text}}',
    cloudStillWorking: 'NemoVideo: ⏳ still working...',
    note: 'note: {{change}}',
    quality: '{{label}} (SSIM {{ssim}})',
    qualityVmaf: '{{label}} (SSIM {{ssim}}, VMAF {{vmaf}})',
    compress: {
      sizes: '{{before}} → {{after}} ({{saved}} saved) in {{time}}',
      original: '{{path}} (the original)',
      quality: 'quality: {{quality}}',
      cancelled: 'cancelled',
      failedAbove: 'failed (the reason is above)',
      summary_one: '{{done}} of {{count}} file done.',
      summary_other: '{{done}} of {{count}} files done.',
      allCancelled: 'Cancelled. No partial files were left behind; originals are untouched.'
    },
    progress: {
      starting: 'Starting',
      eta: 'ETA {{eta}}',
      line: '{{name}}: {{percent}} {{detail}} (speed {{speed}}, ETA {{eta}})'
    },
    planFile: {
      cannotPlan: 'Cannot plan this file: {{message}}',
      editOnly: '{{edits}} without re-encoding.',
      copy: '{{lead}}: nothing to do, the original is kept as it is (with --output-dir it is copied there as it is).',
      remux: '{{lead}}: it will be repackaged as {{container}}, without re-encoding.',
      under: 'Under {{size}}',
      constantQuality: 'Constant quality ({{quality}})',
      scaled: '{{to}}p (from {{from}}p)',
      keep: 'keep {{short}}p',
      fps: '{{fps}} fps',
      codec: '{{codec}} {{container}}',
      codecAt: '{{codec}} {{container}} at {{kbps}} kbps',
      noAudio: 'no audio',
      audioCopy: 'audio kept as is',
      audio: '{{codec}} {{kbps}} kbps audio',
      chip: 'on the graphics chip ({{vendor}}, {{name}})',
      encoder: 'with {{encoder}}',
      engineChange: 'The engine {{change}}.',
      encodeTime: 'about {{time}} to encode here',
      // Issue #12: the quality floor, checked on samples of the file (engine/floor.ts).
      belowFloor:
        'Below the quality floor: at {{target}} this video would look like “{{label}}” (SSIM {{ssim}}); {{floor}} needs about {{needed}}. Choose a bigger target, or add --allow-below-floor.',
      belowFloorAtAnySize:
        'Below the quality floor: at {{target}} this video would look like “{{label}}” (SSIM {{ssim}}); not even the original’s size re-encodes it at {{floor}}. Lower --min-quality, or add --allow-below-floor.',
      meetsFloor: 'The samples at {{target}} meet the quality floor ({{floor}}): “{{label}}” (SSIM {{ssim}}).',
      floor: {
        good: '“slight softening” or better',
        high: '“looks the same”',
        ssim: 'SSIM {{value}}',
        vmaf: 'VMAF {{value}}'
      }
    },
    preview: {
      stage: {
        checking: 'Checking the file...',
        choosing: 'Choosing where the picture changes...',
        encoding: 'Encoding the samples with the plan...',
        comparing: 'Comparing them with the original...'
      },
      cancelled: 'Cancelled. The samples were removed; the original is untouched.',
      heading: 'Preview of {{name}}: {{plan}}',
      quality: 'quality of the samples: {{quality}}',
      badOutFolder: '--out {{folder}}: cannot make that folder ({{code}}). Give a folder you can write to.',
      notMeasured: 'not measured',
      size: 'expected size: {{size}} (from {{original}})',
      time: 'expected time here: about {{time}}',
      second: '{{seconds}} s',
      // Between the frames' times.
      separator: ', ',
      frames: 'before/after frames at {{times}}, in {{folder}}:'
    },
    watch: {
      queued: 'queued   {{input}} ({{size}})',
      done: 'done     {{input}} -> {{output}}',
      doneSizes: 'done     {{input}} -> {{output}} ({{before}} -> {{after}})',
      doneSaved: 'done     {{input}} -> {{output}} ({{before}} -> {{after}}, {{saved}} smaller)',
      noOutput: '(no output)',
      skipped: 'skipped  {{input}}: {{message}}',
      failed: 'failed   {{input}}: {{message}}',
      cancelled: 'cancelled {{input}}: {{message}}',
      stillDownloading: 'ignored  {{input}} (still downloading)',
      notAVideo: 'ignored  {{input}} (not a video file)',
      unavailable: 'unavailable {{message}}',
      available: 'available {{folder}}: watching again.',
      warning: 'warning  {{message}}',
      notAFolder: '{{folder}} is a file, not a folder. Give the folder to watch: compress-video watch DIR',
      noFolder: 'The folder {{folder}} does not exist. Check the path, or create the folder first.',
      unreadable: 'The folder {{folder}} {{why}}.',
      watching: 'Watching {{what}}. Press Ctrl-C to stop.',
      withSubfolders: '{{folder}} and its subfolders',
      forRequest: '{{what}} for "{{request}}"',
      stoppedBeforeTurn: 'Stopped before its turn.',
      recordNotSaved: 'The watch record could not be saved, so files handled in this run may be handled again next time.',
      stopped: 'Stopped watching.'
    }
  }
} as const
