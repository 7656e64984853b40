import Foundation
import TokenDeckCore

/// The slow work behind the dashboard's effects — the sync, the cache, the vendors — started by
/// `EffectRunner` and answered later with actions through `send`. Each call should start its work
/// and return (calls come one at a time, in order).
public protocol DashboardServices: Sendable {
    typealias Send = @Sendable (Action) -> Void
    /// `Effect.refresh`: fetch every account again.
    func refresh(send: @escaping Send) async
    /// `Effect.createToken`: send the request once; answer `createSucceeded`/`createFailed`.
    func createToken(account: String, request: CreateTokenRequest, send: @escaping Send) async
    /// `Effect.exportView`: write the tokens to `path`; answer with a `statusMessage`.
    func export(_ tokens: [Token], format: String, to path: String, send: @escaping Send) async
    /// `Effect.loadRawJSON`: answer `rawJSONLoaded`.
    func loadRawJSON(account: String, id: String, send: @escaping Send) async
    /// `Effect.performAction`: one request a target, in order; answer each with `actionAnswered`.
    func perform(_ action: TokenAction, on targets: [ActionTarget], send: @escaping Send) async
    /// `Effect.loadChanges`: read the cache's change events; answer `changesLoaded`.
    func loadChanges(send: @escaping Send) async
}

/// Why `:theme` could not switch (sanitised when drawn, like every message).
public struct ThemeLoadFailure: Error, Sendable {
    public var message: String
    public init(message: String) { self.message = message }
}

/// The one interpreter of every `Effect` `App.update` returns, and of what `App.subscriptions`
/// asks for. Effects that belong to the terminal (quit, the clipboard, the theme) run at once on
/// the caller's thread; the rest go, in order, to the `DashboardServices`. After each frame it
/// hands free memory back when a set of tokens was replaced. Everything it acts on is injected,
/// so tests drive it with fakes.
///
/// Not `Sendable`: the runtime owns it on its one terminal thread.
public final class EffectRunner {
    public typealias ThemeLoading = @Sendable (String) -> Result<Theme, ThemeLoadFailure>

    /// The theme to draw with: the one given, or the last `:theme` switched to.
    public private(set) var theme: Theme
    /// Set by `Effect.quit`: the runtime stops.
    public private(set) var shouldQuit = false
    /// Whether the state wants `.idle` sent while no input waits (`Subscriptions.idleWork`).
    public var wantsIdleWork: Bool { subscriptions?.idleWork ?? false }

    private let loadTheme: ThemeLoading?
    private let copyToClipboard: (String) -> Void
    private let redrawAll: () -> Void
    private let releaseFreeMemory: () -> Void
    private let backlog: AsyncStream<Effect>.Continuation
    private let worker: Task<Void, Never>
    private var subscriptions: Subscriptions?
    /// `replacedSets` as of the last frame drawn (a state starts with none replaced).
    private var replacedSetsAtLastFrame = 0

    /// `copyToClipboard` and `redrawAll` (every cell again, after a theme switch) are the
    /// terminal's; `releaseFreeMemory` hands the allocator's free pages back to the system.
    public init(theme: Theme, services: any DashboardServices, send: @escaping DashboardServices.Send,
                loadTheme: ThemeLoading?, copyToClipboard: @escaping (String) -> Void,
                redrawAll: @escaping () -> Void = {}, releaseFreeMemory: @escaping () -> Void = {}) {
        self.theme = theme
        self.loadTheme = loadTheme
        self.copyToClipboard = copyToClipboard
        self.redrawAll = redrawAll
        self.releaseFreeMemory = releaseFreeMemory
        let (effects, backlog) = AsyncStream.makeStream(of: Effect.self)
        self.backlog = backlog
        worker = Task {
            for await effect in effects { await EffectRunner.run(effect, on: services, send: send) }
        }
    }

    deinit {
        backlog.finish()
        worker.cancel()
    }

    /// Runs `effect`. Returns actions for the same batch (what a theme switch says happened).
    public func run(_ effect: Effect) -> [Action] {
        switch effect {
        case .quit:
            shouldQuit = true
        case .copyToClipboard(let text):
            copyToClipboard(text)
        case .switchTheme(let name):
            switch loadTheme?(name) ?? .failure(ThemeLoadFailure(message: "themes cannot be switched here")) {
            case .success(let loaded):
                theme = loaded
                redrawAll()
                return [.statusMessage("theme \(name)", isError: false)]
            case .failure(let failure):
                return [.statusMessage("theme \(name): \(failure.message)", isError: true)]
            }
        case .refresh, .createToken, .exportView, .loadRawJSON, .performAction, .loadChanges:
            backlog.yield(effect)
        }
        return []
    }

    /// What the state now asks for besides effects (`App.subscriptions`), after each update.
    public func subscribe(to subscriptions: Subscriptions) {
        self.subscriptions = subscriptions
    }

    /// After a frame is drawn: when a set of tokens replaced another since the last frame, the old
    /// one has been freed by now, and its pages go back to the system.
    public func frameDrawn() {
        guard let replaced = subscriptions?.replacedSets, replaced != replacedSetsAtLastFrame else { return }
        replacedSetsAtLastFrame = replaced
        releaseFreeMemory()
    }

    /// Waits until every effect handed to the services so far has been handed over; no more are
    /// taken after it (the runtime's way out, and what tests wait on).
    public func finish() async {
        backlog.finish()
        await worker.value
    }

    private static func run(_ effect: Effect, on services: any DashboardServices, send: @escaping DashboardServices.Send) async {
        switch effect {
        case .refresh:
            await services.refresh(send: send)
        case .createToken(let account, let request):
            await services.createToken(account: account, request: request, send: send)
        case .exportView(let format, let path, let tokens):
            await services.export(tokens, format: format, to: path, send: send)
        case .loadRawJSON(let account, let id):
            await services.loadRawJSON(account: account, id: id, send: send)
        case .performAction(let action, let targets):
            await services.perform(action, on: targets, send: send)
        case .loadChanges:
            await services.loadChanges(send: send)
        case .quit, .copyToClipboard, .switchTheme:
            break  // the terminal's, run at once by `run(_:)`
        }
    }
}
