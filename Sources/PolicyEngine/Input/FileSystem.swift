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

    public static func readFile(_ path: String) -> Result<[UInt8], FileReadError> {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return .failure(FileReadError(path: path, reason: systemReason(errno))) }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else {
            return .failure(FileReadError(path: path, reason: systemReason(errno)))
        }
        if (info.st_mode & S_IFMT) == S_IFDIR {
            return .failure(FileReadError(path: path, reason: "is a directory"))
        }
        if Int(info.st_size) > maximumFileSize {
            return .failure(FileReadError(path: path, reason: "file is larger than \(maximumFileSize >> 20) MiB"))
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(Int(info.st_size) + 1)
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
        var files: [String] = []
        var errors: [FileReadError] = []
        var visiting: Set<DirectoryID> = []
        walk(directory, extensions: extensions, visiting: &visiting, files: &files, errors: &errors)
        return (files.sorted(), errors)
    }

    private struct DirectoryID: Hashable {
        var device: UInt64
        var inode: UInt64
    }

    private static func walk(
        _ directory: String, extensions: [String], visiting: inout Set<DirectoryID>, files: inout [String],
        errors: inout [FileReadError]
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
            switch kind(of: path) {
            case .directory:
                walk(path, extensions: extensions, visiting: &visiting, files: &files, errors: &errors)
            case .file:
                if extensions.contains(where: { name.hasSuffix($0) }) { files.append(path) }
            case .missing(let reason):
                errors.append(FileReadError(path: path, reason: reason))
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
