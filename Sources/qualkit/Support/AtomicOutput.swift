import QualKit
#if canImport(Glibc)
import Glibc
#endif

/// The temporary file being written, for the signal handler to remove.
nonisolated(unsafe) private var pendingTemporary: UnsafeMutablePointer<CChar>?

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

    init(path: String?) throws {
        guard let path, path != "-" else { target = nil; temporary = nil; fd = 1; return }
        target = path
        if path.hasSuffix("/") { throw CLIError("cannot write '\(path)': it names a directory; give a file name") }
        var st = stat()
        var keepMode: mode_t?
        if lstat(path, &st) == 0 {
            switch st.st_mode & S_IFMT {
            case S_IFLNK:
                throw CLIError("'\(path)' is a symbolic link; QualKit does not replace links: give the file it points to, or remove the link")
            case S_IFDIR:
                throw CLIError("cannot write '\(path)': it is a directory; give a file name")
            case S_IFREG:
                keepMode = st.st_mode & 0o7777
            default:   // a device, FIFO or socket: write through it, never replace it
                let d = open(path, O_WRONLY | O_NOFOLLOW | O_CLOEXEC)
                guard d >= 0 else { throw CLIError("cannot write '\(path)': \(String(cString: strerror(errno)))") }
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
        signal(SIGXFSZ, SIG_IGN)
        let handler: @convention(c) (Int32) -> Void = { sig in
            if let p = pendingTemporary { unlink(p) }
            signal(sig, SIG_DFL)
            raise(sig)
        }
        signal(SIGINT, handler)
        signal(SIGTERM, handler)
        signal(SIGHUP, handler)
        // A parent may have left these blocked (test runners do); unblock them so the handler runs.
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, SIGINT)
        sigaddset(&set, SIGTERM)
        sigaddset(&set, SIGHUP)
        pthread_sigmask(SIG_UNBLOCK, &set, nil)
        var blocked = sigset_t(), previous = sigset_t()   // no signal between creating the file and noting it
        sigfillset(&blocked)
        pthread_sigmask(SIG_BLOCK, &blocked, &previous)
        let d = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }   // O_CREAT | O_EXCL, mode 0600
        if d >= 0 { pendingTemporary = strdup(template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }) }
        let why = d < 0 ? String(cString: strerror(errno)) : ""
        pthread_sigmask(SIG_SETMASK, &previous, nil)
        guard d >= 0 else {
            signal(SIGINT, SIG_DFL); signal(SIGTERM, SIG_DFL); signal(SIGHUP, SIG_DFL)
            throw CLIError("cannot write '\(path)': \(why)")
        }
        temporary = String(cString: pendingTemporary!)
        if let keepMode { fchmod(d, keepMode) } else {
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
            if fd > 2 { close(fd) }   // a device or FIFO written through
            return
        }
        if fsync(fd) != 0 { throw CLIError("cannot write '\(target)': \(String(cString: strerror(errno)))") }
        close(fd)
        guard rename(temporary, target) == 0 else {
            let why = String(cString: strerror(errno))
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
}
