import CMemoryTuning
import Foundation
import TokenDeckUI

/// The runtime loop: owns the `AppState` and the `Terminal` on one dedicated thread (ncurses
/// is not thread-safe), turns keys, resizes, ticks and posted results into actions, hands every
/// effect to one `EffectRunner`, and after each batch draws one frame. Nothing sleeps on the way
/// from a key to its frame: the thread blocks in poll() on the keyboard and a wake-up pipe, and
/// wakes for either.
public final class DashboardRunner: Sendable {
    private let initialState: AppState
    private let theme: Theme
    private let services: any DashboardServices
    private let inbox = ActionInbox()
    private let now: @Sendable () -> Date
    /// When set, one line per frame (actions, update, render and draw times) is appended here.
    private let frameLogPath: String?
    /// `:theme NAME`: loads a theme by name, or says why it cannot.
    public typealias ThemeLoading = EffectRunner.ThemeLoading
    private let loadTheme: ThemeLoading?

    public init(state: AppState, theme: Theme, now: @escaping @Sendable () -> Date = Date.init,
                frameLogPath: String? = ProcessInfo.processInfo.environment["TOKENDECK_FRAME_LOG"],
                loadTheme: ThemeLoading? = nil,
                services: any DashboardServices) {
        initialState = state
        self.loadTheme = loadTheme
        self.frameLogPath = frameLogPath
        self.theme = theme
        self.now = now
        self.services = services
    }

    /// Queues an action for the loop; callable from any thread, before or during `run`.
    public func send(_ action: Action) { inbox.post(action) }

    /// Opens the terminal, runs until the app asks to quit, and returns with the terminal
    /// restored. Throws when the terminal cannot be started.
    public func run() async throws {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            let thread = Thread { [self] in
                do {
                    try loop()
                    continuation.resume()
                } catch {
                    continuation.resume(throwing: error)
                }
            }
            thread.name = "tokendeck-terminal"
            thread.start()
        }
    }

    private func loop() throws {
        let terminal = try Terminal(resizeWakeFD: inbox.wakeWriteFD)
        defer { terminal.restore() }
        let effects = EffectRunner(theme: theme, services: services, send: { [inbox] in inbox.post($0) }, loadTheme: loadTheme,
                                   copyToClipboard: { terminal.copyToClipboard($0) }, redrawAll: { terminal.invalidate() },
                                   releaseFreeMemory: { td_release_free_memory() })
        let memo = FrameMemo()
        var state = initialState
        var size = terminal.size
        var pending: [Action] = [.resize(size), .tick(now())]
        var nextTick = now().addingTimeInterval(1)
        let frameLog = frameLogPath.flatMap { FrameLog(path: $0) }

        while true {
            if pending.isEmpty {
                // Work for between key presses is done a slice at a time, looking for input
                // before each, so a key waits for at most one slice.
                switch waitForInput(until: effects.wantsIdleWork ? now() : nextTick) {
                case .hangUp: return
                case .ready: break
                case .timedOut:
                    if effects.wantsIdleWork {
                        // Nothing on screen changes: no frame.
                        for effect in App.update(&state, .idle) { pending += effects.run(effect) }
                        effects.subscribe(to: App.subscriptions(state))
                        continue
                    }
                }
            }
            // Drain everything that has arrived, so a burst of keys costs one frame.
            while let event = terminal.readEvent(timeout: 0) {
                switch event {
                case .key(let key): pending.append(.key(key))
                case .resize(let newSize):
                    size = newSize
                    pending.append(.resize(newSize))
                }
            }
            pending += inbox.drain()
            let current = now()
            if current >= nextTick {
                pending.append(.tick(current))
                nextTick = current.addingTimeInterval(1)
            }
            guard !pending.isEmpty else { continue }

            let started = DispatchTime.now()
            var index = 0
            // Indexed: a theme switch appends its outcome to the same batch.
            while index < pending.count {
                let action = pending[index]
                index += 1
                for effect in App.update(&state, action) {
                    pending += effects.run(effect)
                    if effects.shouldQuit { return }
                }
            }
            effects.subscribe(to: App.subscriptions(state))
            let actionCount = pending.count
            pending.removeAll(keepingCapacity: true)
            size = terminal.size
            let updated = DispatchTime.now()
            let screen = App.render(state, size: size, memo: memo)
            let rendered = DispatchTime.now()
            terminal.draw(screen, theme: effects.theme, cursor: App.cursorPosition(state, size: size))
            frameLog?.record(actions: actionCount, started: started, updated: updated, rendered: rendered, drawn: DispatchTime.now())
            effects.frameDrawn()
        }
    }

    private enum Wait { case ready, timedOut, hangUp }

    /// Blocks until a key, a posted action, a resize or the next tick (`deadline`; now or
    /// earlier only looks).
    private func waitForInput(until deadline: Date) -> Wait {
        var fds = [
            pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0),
            pollfd(fd: inbox.wakeReadFD, events: Int16(POLLIN), revents: 0),
        ]
        let remaining = deadline.timeIntervalSince(now())
        let milliseconds = remaining <= 0 ? 0 : Int32(min(remaining * 1000 + 1, 60_000))
        let result = poll(&fds, nfds_t(fds.count), milliseconds)
        // The terminal went away (ssh dropped, the tmux pane killed): nothing more can be shown
        // or read. A hung-up tty also reports POLLIN (reading gives end of file), so POLLIN does
        // not mean it is still there — waiting on would spin on that end of file forever.
        if result > 0, fds[0].revents & Int16(POLLHUP | POLLERR | POLLNVAL) != 0 {
            return .hangUp
        }
        return result == 0 ? .timedOut : .ready
    }
}

/// Per-frame timings for finding what makes a key feel slow (`TOKENDECK_FRAME_LOG=path`).
private final class FrameLog {
    private let handle: FileHandle

    init?(path: String) {
        guard FileManager.default.createFile(atPath: path, contents: nil), let handle = FileHandle(forWritingAtPath: path) else { return nil }
        self.handle = handle
    }

    func record(actions: Int, started: DispatchTime, updated: DispatchTime, rendered: DispatchTime, drawn: DispatchTime) {
        func ms(_ from: DispatchTime, _ to: DispatchTime) -> String {
            String(format: "%.2f", Double(to.uptimeNanoseconds - from.uptimeNanoseconds) / 1_000_000)
        }
        let line = "actions=\(actions) update=\(ms(started, updated))ms render=\(ms(updated, rendered))ms draw=\(ms(rendered, drawn))ms\n"
        handle.write(Data(line.utf8))
    }
}
