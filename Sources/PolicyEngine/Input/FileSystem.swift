#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Why a path could not be read; the message names the path and the system's reason.
public struct FileReadError: Error, Sendable, Equatable {
    public var path: String
    public var reason: String

    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }

    public var message: String { "cannot read '\(path)': \(reason)" }
}

/// Reading policy files as bytes, with POSIX calls: no Foundation on the path of every file.
public enum FileSystem {
    /// Larger files are refused: the largest IAM policy quota is 20,480 characters, and a file
    /// this size is certainly not one policy (a Terraform plan may be large, but not this large).
    public static let maximumFileSize = 512 * 1024 * 1024

    /// How often a file that changes while it is read is read again before giving up.
    static let attemptsForChangingFile = 3

    public static func readFile(_ path: String) -> Result<[UInt8], FileReadError> {
        readFile(path, afterFirstChunk: nil)
    }

    /// `afterFirstChunk` lets a test change the file in the middle of a read.
    static func readFile(_ path: String, afterFirstChunk: (() -> Void)?) -> Result<[UInt8], FileReadError> {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return .failure(FileReadError(path: path, reason: systemReason(errno))) }
        defer { close(descriptor) }
        for attempt in 1...attemptsForChangingFile {
            var before = stat()
            guard fstat(descriptor, &before) == 0 else {
                return .failure(FileReadError(path: path, reason: systemReason(errno)))
            }
            if (before.st_mode & S_IFMT) == S_IFDIR {
                return .failure(FileReadError(path: path, reason: "is a directory"))
            }
            let bytes: [UInt8]
            switch readAll(descriptor, path: path, sizeHint: Int(before.st_size), afterFirstChunk: afterFirstChunk) {
            case .failure(let error): return .failure(error)
            case .success(let read): bytes = read
            }
            // Pipes and terminals cannot change under us or be read twice; only regular files are checked.
            guard (before.st_mode & S_IFMT) == S_IFREG else { return .success(bytes) }
            var after = stat()
            guard fstat(descriptor, &after) == 0 else {
                return .failure(FileReadError(path: path, reason: systemReason(errno)))
            }
            // A writer that truncates, appends or rewrites in place moves the size or the mtime.
            // (Not against bytes.count: /proc files say 0 and have content.)
            let unchanged = after.st_size == before.st_size && modificationTime(after) == modificationTime(before)
            if unchanged { return .success(bytes) }
            if attempt < attemptsForChangingFile, lseek(descriptor, 0, SEEK_SET) == 0 { continue }
            break
        }
        return .failure(FileReadError(
            path: path, reason: "the file changed while it was being read, \(attemptsForChangingFile) times; try again"))
    }

    private static func modificationTime(_ info: stat) -> (seconds: Int, nanoseconds: Int) {
        #if canImport(Darwin)
        (Int(info.st_mtimespec.tv_sec), Int(info.st_mtimespec.tv_nsec))
        #else
        (Int(info.st_mtim.tv_sec), Int(info.st_mtim.tv_nsec))
        #endif
    }

    private static func readAll(
        _ descriptor: Int32, path: String, sizeHint: Int, afterFirstChunk: (() -> Void)?
    ) -> Result<[UInt8], FileReadError> {
        if sizeHint > maximumFileSize {
            return .failure(FileReadError(path: path, reason: "file is larger than \(maximumFileSize >> 20) MiB"))
        }
        var hook = afterFirstChunk
        // Straight into the array, sized by fstat (one more byte to see the end): no chunk to clear and copy.
        var failure: Int32?
        var filled = false
        var bytes = [UInt8](unsafeUninitializedCapacity: sizeHint + 1) { buffer, count in
            while count < buffer.count {
                let got = read(descriptor, buffer.baseAddress! + count, buffer.count - count)
                if got == 0 { return }
                if got < 0 {
                    if errno == EINTR { continue }
                    failure = errno
                    return
                }
                count += got
                hook?()
                hook = nil
            }
            filled = true
        }
        if let failure { return .failure(FileReadError(path: path, reason: systemReason(failure))) }
        guard filled else { return .success(bytes) }
        // Longer than fstat said (a growing file, /proc): the rest in chunks.
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count == 0 { break }
            if count < 0 {
                if errno == EINTR { continue }
                return .failure(FileReadError(path: path, reason: systemReason(errno)))
            }
            bytes.append(contentsOf: chunk[0..<count])
            if bytes.count > maximumFileSize {
                return .failure(FileReadError(path: path, reason: "file is larger than \(maximumFileSize >> 20) MiB"))
            }
            hook?()
            hook = nil
        }
        return .success(bytes)
    }

    public enum PathKind: Sendable, Equatable {
        case file
        case directory
        case missing(String)
    }

    public static func kind(of path: String) -> PathKind {
        var info = stat()
        guard stat(path, &info) == 0 else { return .missing(systemReason(errno)) }
        return (info.st_mode & S_IFMT) == S_IFDIR ? .directory : .file
    }

    /// The files below `directory` whose names end in one of `extensions`, sorted by path.
    /// Symbolic links are followed; a link back into a folder already being walked is
    /// reported as a loop rather than walked again.
    public static func files(
        under directory: String, extensions: [String]
    ) -> (files: [String], errors: [FileReadError]) {
        files(under: directory) { path, isDirectory in isDirectory || extensions.contains { path.hasSuffix($0) } }
    }

    /// The files below `directory` that `accept` takes, sorted by path. `accept` gets each
    /// path relative to `directory` and whether it is a folder (a folder it refuses is not
    /// walked).
    public static func files(
        under directory: String, accept: (_ relativePath: String, _ isDirectory: Bool) -> Bool
    ) -> (files: [String], errors: [FileReadError]) {
        var files: [String] = []
        var errors: [FileReadError] = []
        var visiting: Set<DirectoryID> = []
        walk(directory, relative: "", accept: accept, visiting: &visiting, files: &files, errors: &errors)
        return (files.sorted(), errors)
    }

    private struct DirectoryID: Hashable {
        var device: UInt64
        var inode: UInt64
    }

    private static func walk(
        _ directory: String, relative: String, accept: (String, Bool) -> Bool, visiting: inout Set<DirectoryID>,
        files: inout [String], errors: inout [FileReadError]
    ) {
        var info = stat()
        guard stat(directory, &info) == 0 else {
            errors.append(FileReadError(path: directory, reason: systemReason(errno)))
            return
        }
        let id = DirectoryID(device: UInt64(info.st_dev), inode: UInt64(info.st_ino))
        guard visiting.insert(id).inserted else {
            errors.append(FileReadError(path: directory, reason: "symbolic link loop; this folder is already being read"))
            return
        }
        defer { visiting.remove(id) }
        guard let handle = opendir(directory) else {
            errors.append(FileReadError(path: directory, reason: systemReason(errno)))
            return
        }
        var names: [String] = []
        while let entry = readdir(handle) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
            if name == "." || name == ".." { continue }
            names.append(name)
        }
        closedir(handle)
        let prefix = directory.hasSuffix("/") ? directory : directory + "/"
        for name in names.sorted() {
            let path = prefix + name
            let relativePath = relative + name
            var info = stat()
            guard stat(path, &info) == 0 else {
                errors.append(FileReadError(path: path, reason: systemReason(errno)))
                continue
            }
            if (info.st_mode & S_IFMT) == S_IFDIR {
                guard accept(relativePath, true) else { continue }
                walk(path, relative: relativePath + "/", accept: accept, visiting: &visiting, files: &files, errors: &errors)
                continue
            }
            guard accept(relativePath, false) else { continue }
            // A FIFO or device found by walking would block the run or never end; named
            // on the command line (`<(...)`) it is read as asked.
            if (info.st_mode & S_IFMT) == S_IFREG { files.append(path) } else {
                errors.append(FileReadError(path: path, reason: "not a regular file (a pipe, socket or device)"))
            }
        }
    }

    static func systemReason(_ code: Int32) -> String {
        guard let text = strerror(code) else { return "error \(code)" }
        return String(cString: text).lowercased()
    }
}

extension FileSystem {
    /// Writes a whole file (created or truncated); false on any error.
    public static func writeFile(_ path: String, contents: [UInt8]) -> Bool {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        var offset = 0
        while offset < contents.count {
            let written = contents.withUnsafeBytes { write(descriptor, $0.baseAddress! + offset, contents.count - offset) }
            if written < 0 {
                if errno == EINTR { continue }
                return false
            }
            offset += written
        }
        return true
    }
}
