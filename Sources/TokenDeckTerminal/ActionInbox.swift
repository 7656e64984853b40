import Foundation
import Synchronization
import TokenDeckUI

/// Where actions from other threads (sync results, timers) wait for the terminal thread.
/// Posting also writes a byte to a pipe so the terminal thread, blocked in poll() on the
/// keyboard and this pipe, wakes at once: no polling interval stands between a result and
/// its frame.
final class ActionInbox: Sendable {
    private let queue = Mutex<[Action]>([])
    /// Read end, polled by the terminal thread; write end, poked by `post` and SIGWINCH.
    let wakeReadFD: Int32
    let wakeWriteFD: Int32

    init() {
        var fds: [Int32] = [-1, -1]
        if pipe(&fds) == 0 {
            for fd in fds {
                _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
                _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
            }
        }
        wakeReadFD = fds[0]
        wakeWriteFD = fds[1]
    }

    deinit {
        if wakeReadFD >= 0 { close(wakeReadFD) }
        if wakeWriteFD >= 0 { close(wakeWriteFD) }
    }

    /// Thread-safe; callable from any task or thread. Waiting actions that `action` supersedes
    /// (`Action.supersedes`: older loads) are dropped.
    func post(_ action: Action) {
        queue.withLock { actions in
            actions.removeAll { action.supersedes($0) }
            actions.append(action)
        }
        wake()
    }

    func wake() {
        var byte: UInt8 = 1
        // A full pipe already means "wake up"; nothing is lost by dropping this byte.
        _ = write(wakeWriteFD, &byte, 1)
    }

    /// Everything posted so far, in order, and the wake-up bytes with it.
    func drain() -> [Action] {
        var sink = [UInt8](repeating: 0, count: 256)
        while read(wakeReadFD, &sink, sink.count) > 0 {}
        return queue.withLock { actions in
            defer { actions.removeAll(keepingCapacity: true) }
            return actions
        }
    }
}
