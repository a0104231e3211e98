import Dispatch

/// Maps over an array on several threads and returns the results in the input's order.
public enum ParallelMap {
    public static func map<Element: Sendable, Result: Sendable>(
        _ elements: [Element], jobs: Int, _ transform: @escaping @Sendable (Element) -> Result
    ) -> [Result] {
        guard jobs > 1, elements.count > 1 else { return elements.map(transform) }
        let slots = ResultSlots<Result>(count: elements.count)
        let workers = min(jobs, elements.count)
        let next = NextIndex()
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            // Each worker takes the next element when it is free: one large file does not hold up a share.
            while let index = next.take(below: elements.count) {
                slots.store(transform(elements[index]), at: index)
            }
        }
        return slots.results
    }
}

/// The next element to work on, shared by the workers.
private final class NextIndex: @unchecked Sendable {
    private let lock = Lock()
    private var next = 0

    func take(below count: Int) -> Int? {
        lock.withLock {
            guard next < count else { return nil }
            defer { next += 1 }
            return next
        }
    }
}

/// Result storage written by index from several threads; each slot is written exactly once,
/// by one thread, through a raw buffer so no two writes touch the same memory.
private final class ResultSlots<Result>: @unchecked Sendable {
    private let buffer: UnsafeMutablePointer<Result?>
    private let count: Int

    init(count: Int) {
        self.count = count
        buffer = UnsafeMutablePointer<Result?>.allocate(capacity: count)
        buffer.initialize(repeating: nil, count: count)
    }

    deinit {
        buffer.deinitialize(count: count)
        buffer.deallocate()
    }

    func store(_ result: Result, at index: Int) {
        buffer[index] = result
    }

    var results: [Result] { (0..<count).map { buffer[$0]! } }
}
