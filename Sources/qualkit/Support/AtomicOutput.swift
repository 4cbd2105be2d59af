import QualKit
#if canImport(Glibc)
    import Glibc
#endif

/// The temporary file being written, for the signal handler to remove.
nonisolated(unsafe) private var pendingTemporary: UnsafeMutablePointer<CChar>?

/// Paths the signal handler removes, last first (files with `unlink`, then their folder with `rmdir`):
/// the temporary folder of ``AtomicOutput/writeFiles(_:into:replacing:)`` and what it placed so far.
private let pendingCapacity = 64
nonisolated(unsafe) private let pendingPaths = UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>.allocate(
    capacity: pendingCapacity)
nonisolated(unsafe) private var pendingCount = 0

/// The handler of SIGINT, SIGTERM and SIGHUP while output is pending: removes what is not complete, then
/// dies of the signal as it would have (async-signal-safe calls only).
private let removePendingAndDie: @convention(c) (Int32) -> Void = { sig in
    if let p = pendingTemporary { unlink(p) }
    var i = pendingCount
    while i > 0 {
        i -= 1
        if let p = pendingPaths[i] { if unlink(p) != 0 { rmdir(p) } }
    }
    signal(sig, SIG_DFL)
    raise(sig)
}

/// Installs ``removePendingAndDie`` and unblocks the signals it handles (a parent may have left them
/// blocked; test runners do).
private func installPendingHandler() {
    signal(SIGINT, removePendingAndDie)
    signal(SIGTERM, removePendingAndDie)
    signal(SIGHUP, removePendingAndDie)
    var set = sigset_t()
    sigemptyset(&set)
    sigaddset(&set, SIGINT)
    sigaddset(&set, SIGTERM)
    sigaddset(&set, SIGHUP)
    pthread_sigmask(SIG_UNBLOCK, &set, nil)
}

/// Runs `body` with every signal blocked: no handler runs half way through a change to the pending paths.
private func withSignalsBlocked<T>(_ body: () throws -> T) rethrows -> T {
    var blocked = sigset_t(), previous = sigset_t()
    sigfillset(&blocked)
    pthread_sigmask(SIG_BLOCK, &blocked, &previous)
    defer { pthread_sigmask(SIG_SETMASK, &previous, nil) }
    return try body()
}

/// The reason of `errno` as the end of a sentence: "no space left on device".
func systemReason(_ code: Int32 = errno) -> String {
    let s = String(cString: strerror(code))
    return s.prefix(1).lowercased() + s.dropFirst()
}

/// Output to standard output, or to a file written atomically: into a temporary file beside it, renamed over
/// the target only when complete. A failure or Ctrl-C leaves the old file (or none), never half a file.
///
/// - The temporary file has an unpredictable name and is created with `O_CREAT | O_EXCL` (`mkstemp`), so
///   nothing planted in the directory (a symlink, a file) is followed or overwritten.
/// - A target that exists and is not a regular file (a device such as /dev/null, a FIFO, a socket) is
///   written directly, with no temporary file and no rename.
/// - A target that is a symbolic link is refused: write to the file it points to, or remove the link.
/// - The new file keeps the old file's permissions (new files get 0644 less the umask). The rename gives it
///   a new inode, so other hard links to the old file keep the old content.
final class AtomicOutput {
    let target: String?
    let temporary: String?
    let fd: Int32
    private var buffer: [UInt8] = []
    private var done = false

    /// - Parameter mode: the new file's permissions (0600 for a private key); by default the old file's, or
    ///   0644 less the umask.
    init(path: String?, mode: mode_t? = nil) throws {
        guard let path, path != "-" else { target = nil; temporary = nil; fd = 1; return }
        target = path
        if path.hasSuffix("/") { throw CLIError("cannot write '\(path)': it names a directory; give a file name") }
        var st = stat()
        var keepMode: mode_t?
        if lstat(path, &st) == 0 {
            switch st.st_mode & S_IFMT {
            case S_IFLNK:
                throw CLIError(
                    """
                    '\(path)' is a symbolic link; QualKit does not replace links: give the file it points to, or \
                    remove the link
                    """
                )
            case S_IFDIR:
                throw CLIError("cannot write '\(path)': it is a directory; give a file name")
            case S_IFREG:
                keepMode = st.st_mode & 0o7777
            default: // a device, FIFO or socket: write through it, never replace it
                let d = open(path, O_WRONLY | O_NOFOLLOW | O_CLOEXEC)
                guard d >= 0 else { throw CLIError("cannot write '\(path)': \(systemReason())") }
                temporary = nil
                fd = d
                return
            }
        }
        let slash = path.lastIndex(of: "/")
        let dir = slash.map { String(path[..<$0]) } ?? "."
        let base = slash.map { String(path[path.index(after: $0)...]) } ?? path
        var template = Array("\(dir.isEmpty ? "/" : dir)/.\(base).qualkit-XXXXXX".utf8CString)
        // Handlers first, so that no moment exists where the temporary file is there and a signal
        // would leave it behind. A file-size limit (SIGXFSZ) becomes a write error that removes it.
        AtomicOutput.ignoreFileSizeSignal()
        installPendingHandler()
        var blocked = sigset_t(), previous = sigset_t() // no signal between creating the file and noting it
        sigfillset(&blocked)
        pthread_sigmask(SIG_BLOCK, &blocked, &previous)
        let d = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) } // O_CREAT | O_EXCL, mode 0600
        if d >= 0 { pendingTemporary = strdup(template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }) }
        let why = d < 0 ? String(cString: strerror(errno)) : ""
        pthread_sigmask(SIG_SETMASK, &previous, nil)
        guard d >= 0 else {
            signal(SIGINT, SIG_DFL); signal(SIGTERM, SIG_DFL); signal(SIGHUP, SIG_DFL)
            throw CLIError("cannot write '\(path)': \(why.prefix(1).lowercased() + why.dropFirst())")
        }
        temporary = String(cString: pendingTemporary!)
        if let mode {
            fchmod(d, mode)
        } else if let keepMode {
            fchmod(d, keepMode)
        } else {
            let mask = umask(0); umask(mask)
            fchmod(d, 0o644 & ~mask)
        }
        fd = d
    }

    func write(_ bytes: [UInt8]) throws {
        buffer.append(contentsOf: bytes)
        if buffer.count >= 1 << 20 { try flush() }
    }

    /// Writes `bytes` (valid only during the call): small pieces are buffered, large ones go straight out.
    func write(raw bytes: UnsafeRawBufferPointer) throws {
        if bytes.count < 1 << 16 {
            buffer.append(contentsOf: bytes)
            if buffer.count >= 1 << 20 { try flush() }
            return
        }
        try flush()
        try Console.writeAll(fd, bytes)
    }

    func flush() throws {
        guard !buffer.isEmpty else { return }
        try Console.writeAll(fd, buffer)
        buffer.removeAll(keepingCapacity: true)
    }

    /// Completes the output: flushes, and for a file, syncs and renames it over the target.
    func commit() throws {
        try flush()
        guard let target, let temporary else {
            if fd > 2 { close(fd) } // a device or FIFO written through
            return
        }
        if fsync(fd) != 0 { throw CLIError("cannot write '\(target)': \(systemReason())") }
        close(fd)
        guard rename(temporary, target) == 0 else {
            let why = systemReason()
            unlink(temporary)
            throw CLIError("cannot replace '\(target)': \(why)")
        }
        done = true
        clearPending()
    }

    /// Removes the temporary file after a failure.
    func abandon() {
        guard let temporary, !done else { return }
        close(fd)
        unlink(temporary)
        done = true
        clearPending()
    }

    private func clearPending() {
        signal(SIGINT, SIG_DFL); signal(SIGTERM, SIG_DFL); signal(SIGHUP, SIG_DFL)
        if let p = pendingTemporary { pendingTemporary = nil; free(p) }
    }

    deinit { abandon() }

    /// A file-size limit (`ulimit -f`) is a write error (`EFBIG`), which the writers report and clean up
    /// after, instead of a SIGXFSZ that kills the process with no word and leaves temporary files. Set
    /// once at start, for standard output too.
    static func ignoreFileSizeSignal() { signal(SIGXFSZ, SIG_IGN) }

    // MARK: - A set of files

    /// One file of ``writeFiles(_:into:replacing:)``.
    struct File { var name: String; var bytes: [UInt8] }

    /// Writes `files` into `directory` as a set: into a temporary folder beside it first (`mkdtemp`), each
    /// file synced, then renamed into place. When `directory` does not exist the folder itself is renamed
    /// to it, so that it appears complete or not at all. When it exists, each file is moved into it: with
    /// `replacing`, renamed over any old one; without, linked only where no file of that name is (a
    /// failure, or a signal, removes the files already placed). A file-size limit, a full disk or a signal
    /// leaves nothing behind: no temporary folder, no half of a set. Errors are one sentence each.
    static func writeFiles(_ files: [File], into directory: String, replacing: Bool) throws {
        guard !directory.isEmpty else { throw CLIError("no directory given; give a directory name") }
        ignoreFileSizeSignal()
        let trimmed = directory.count > 1 && directory.hasSuffix("/") ? String(directory.dropLast()) : directory
        let slash = trimmed.lastIndex(of: "/")
        let parent = slash.map { String(trimmed[..<$0]) }.map { $0.isEmpty ? "/" : $0 } ?? "."
        let base = slash.map { String(trimmed[trimmed.index(after: $0)...]) } ?? trimmed
        var st = stat()
        let exists = stat(trimmed, &st) == 0
        if exists && st.st_mode & S_IFMT != S_IFDIR {
            throw CLIError("cannot write into '\(directory)': it is a file, not a directory; give a directory name")
        }
        if !exists { try makeDirectories(parent, shown: directory) }
        let mask = umask(0); umask(mask)
        var template = Array("\(parent)/.\(base).qualkit-XXXXXX".utf8CString)
        installPendingHandler() // before the folder exists: no moment where a signal would leave it
        // The folder, then each file's path in it, noted before any exists (the handler removes them last first).
        let folder: String? = withSignalsBlocked {
            guard template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) != nil else { return nil }
            let f = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
            pendingCount = 0
            pendingPaths[pendingCount] = strdup(f); pendingCount += 1
            for file in files.prefix(pendingCapacity / 2 - 1) {
                pendingPaths[pendingCount] = strdup("\(f)/\(file.name)"); pendingCount += 1
            }
            return f
        }
        guard let folder else {
            let why = systemReason()
            signal(SIGINT, SIG_DFL); signal(SIGTERM, SIG_DFL); signal(SIGHUP, SIG_DFL)
            throw CLIError("cannot write into '\(directory)': \(why)")
        }
        var placed: [String] = []
        func cleanUp() {
            withSignalsBlocked {
                for p in placed { unlink(p) }
                for f in files { unlink("\(folder)/\(f.name)") }
                rmdir(folder)
                for i in 0..<pendingCount { free(pendingPaths[i]); pendingPaths[i] = nil }
                pendingCount = 0
            }
            signal(SIGINT, SIG_DFL); signal(SIGTERM, SIG_DFL); signal(SIGHUP, SIG_DFL)
        }
        do {
            for f in files {
                let path = "\(folder)/\(f.name)"
                let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o644 & ~mask)
                guard fd >= 0 else { throw CLIError("cannot write '\(trimmed)/\(f.name)': \(systemReason())") }
                defer { close(fd) }
                do { try Console.writeAll(fd, f.bytes) } catch {
                    throw CLIError("cannot write '\(trimmed)/\(f.name)': \(Console.reason(error))")
                }
                guard fsync(fd) == 0 else { throw CLIError("cannot write '\(trimmed)/\(f.name)': \(systemReason())") }
            }
            chmod(folder, 0o777 & ~mask)
            // A new or empty folder is replaced by the complete one in one step (a link to a folder is
            // kept: its files are moved in one by one).
            var ls = stat()
            let isLink = lstat(trimmed, &ls) == 0 && ls.st_mode & S_IFMT == S_IFLNK
            if !isLink, rename(folder, trimmed) == 0 {
                cleanUp() // (the folder's paths no longer exist: only the bookkeeping goes)
                return
            }
            for f in files {
                let from = "\(folder)/\(f.name)", to = "\(trimmed)/\(f.name)"
                if replacing {
                    guard rename(from, to) == 0 else { throw CLIError("cannot replace '\(to)': \(systemReason())") }
                } else {
                    let linked = withSignalsBlocked { () -> Bool in
                        guard link(from, to) == 0 else { return false }
                        if pendingCount < pendingCapacity { pendingPaths[pendingCount] = strdup(to); pendingCount += 1 }
                        return true
                    }
                    guard linked else {
                        throw CLIError(
                            errno == EEXIST
                                ? "'\(to)' already exists; give an empty or new directory"
                                : "cannot write '\(to)': \(systemReason())")
                    }
                    placed.append(to)
                }
            }
            placed = []
            cleanUp()
        } catch {
            cleanUp()
            throw error
        }
    }

    /// `mkdir -p`, with one sentence for a failure.
    private static func makeDirectories(_ path: String, shown: String) throws {
        var st = stat()
        if stat(path, &st) == 0 {
            guard st.st_mode & S_IFMT == S_IFDIR else {
                throw CLIError("cannot write into '\(shown)': '\(path)' is a file, not a directory")
            }
            return
        }
        if let slash = path.lastIndex(of: "/"), slash != path.startIndex {
            try makeDirectories(String(path[..<slash]), shown: shown)
        }
        if mkdir(path, 0o777) != 0 && errno != EEXIST { throw CLIError("cannot create '\(path)': \(systemReason())") }
    }
}
