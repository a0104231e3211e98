import Foundation
import Testing

@testable import PolicyEngine
@testable import PolicyLintCLI

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Nothing lost on bad input: each unreadable path gets a clear message and exit status 2,
/// and every other file is still reported.
@Suite struct BadInputTests {
    static let isRoot = getuid() == 0

    private func expectOtherFileStillReported(_ result: CommandResult) {
        #expect(result.status == .failure)
        #expect(result.output.contains("broken.json:2:") && result.output.contains("`allow` is not a valid effect"))
        #expect(result.output.contains("in 2 files") || result.output.contains("in 1 file"))
    }

    #if os(Linux)
    // chmod 000 does not stop root, and CI runs as root; /proc/self/mem fails read(2) with EIO for anyone.
    @Test func aFileThatFailsToReadIsReportedAndTheOthersAreLinted() throws {
        let folder = try temporaryFolder(["broken.json": brokenPolicy])
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createSymbolicLink(
            atPath: folder.appendingPathComponent("memory.json").path, withDestinationPath: "/proc/self/mem")
        let result = run(["lint", folder.path])
        #expect(result.errors.contains("cannot read '\(folder.path)/memory.json': input/output error"))
        expectOtherFileStillReported(result)
    }
    #endif

    @Test(.disabled(if: isRoot, "root reads a folder whatever its mode"))
    func anUnreadableFolderIsReportedAndTheOthersAreLinted() throws {
        let folder = try temporaryFolder(["broken.json": brokenPolicy, "locked/inside.json": cleanPolicy])
        let locked = folder.appendingPathComponent("locked").path
        chmod(locked, 0)
        defer {
            chmod(locked, 0o755)
            try? FileManager.default.removeItem(at: folder)
        }
        let result = run(["lint", folder.path])
        #expect(result.errors.contains("cannot read '\(locked)': permission denied"))
        expectOtherFileStillReported(result)
    }

    @Test func aDanglingSymbolicLinkIsReported() throws {
        let folder = try temporaryFolder(["broken.json": brokenPolicy])
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createSymbolicLink(
            atPath: folder.appendingPathComponent("gone.json").path, withDestinationPath: "/nonexistent/policy.json")
        let result = run(["lint", folder.path])
        #expect(result.errors.contains("cannot read '\(folder.path)/gone.json': no such file or directory"))
        expectOtherFileStillReported(result)
    }

    @Test func aSymbolicLinkLoopIsReportedOnce() throws {
        let folder = try temporaryFolder(["broken.json": brokenPolicy])
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createSymbolicLink(
            atPath: folder.appendingPathComponent("again").path, withDestinationPath: folder.path)
        let result = run(["lint", folder.path])
        #expect(result.errors.components(separatedBy: "symbolic link loop").count == 2)
        expectOtherFileStillReported(result)
    }

    @Test func aPipeInAFolderIsReportedInsteadOfBlockingTheRun() throws {
        let folder = try temporaryFolder(["broken.json": brokenPolicy])
        defer { try? FileManager.default.removeItem(at: folder) }
        let fifo = folder.appendingPathComponent("pipe.json").path
        #expect(mkfifo(fifo, 0o644) == 0)
        let result = run(["lint", folder.path])
        #expect(result.errors.contains("cannot read '\(fifo)': not a regular file (a pipe, socket or device)"))
        expectOtherFileStillReported(result)
    }

    @Test func aFileThatChangesOnceWhileReadIsReadAgainWhole() throws {
        let folder = try temporaryFolder(["policy.json": cleanPolicy])
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("policy.json").path
        var appended = false
        let result = FileSystem.readFile(path) {
            guard !appended else { return }
            appended = true
            append("\n ", to: path)
        }
        #expect(try result.get() == Array((cleanPolicy + "\n ").utf8))
    }

    @Test func aFileThatKeepsChangingIsReportedNotHalfRead() throws {
        let folder = try temporaryFolder(["policy.json": cleanPolicy])
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("policy.json").path
        let result = FileSystem.readFile(path) { append(" ", to: path) }
        guard case .failure(let error) = result else {
            Issue.record("expected a failure, got \(result)")
            return
        }
        #expect(error.message == "cannot read '\(path)': the file changed while it was being read, 3 times; try again")
    }

    @Test func aFullDiskIsAFailedOutputWithItsReason() throws {
        let descriptor = open("/dev/full", O_WRONLY)
        try #require(descriptor >= 0)
        defer { close(descriptor) }
        let output = FileDescriptorOutput(descriptor: descriptor)
        output.write("finding\n")
        #expect(output.failed)
        #expect(output.failureReason == "no space left on device")
    }

    @Test func aClosedPipeIsAFailedOutputWithItsReason() throws {
        signal(SIGPIPE, SIG_IGN)  // as main.swift does
        var ends: [Int32] = [0, 0]
        try #require(pipe(&ends) == 0)
        close(ends[0])
        defer { close(ends[1]) }
        let output = FileDescriptorOutput(descriptor: ends[1])
        output.write("finding\n")
        output.write("more\n")
        #expect(output.failed)
        #expect(output.failureReason == "broken pipe")
    }
}

private func append(_ text: String, to path: String) {
    let handle = FileHandle(forWritingAtPath: path)!
    handle.seekToEndOfFile()
    handle.write(Data(text.utf8))
    handle.closeFile()
}
