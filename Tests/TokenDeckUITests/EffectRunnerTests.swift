import Foundation
import Synchronization
import Testing
import TestSupport
import TokenDeckCore
@testable import TokenDeckUI

/// `EffectRunner`, the one interpreter of the dashboard's effects and subscriptions, driven with
/// fakes for the services, the terminal and the allocator.
@Suite struct EffectRunnerTests {
    /// Services that record what they were asked, in order, and answer some of it through `send`.
    actor FakeServices: DashboardServices {
        private(set) var calls: [String] = []

        func refresh(send: @escaping Send) { calls.append("refresh") }

        func createToken(account: String, request: CreateTokenRequest, send: @escaping Send) {
            calls.append("create \(account)")
        }

        func export(_ tokens: [Token], format: String, to path: String, send: @escaping Send) {
            calls.append("export \(format) \(path) \(tokens.map(\.id))")
            send(.statusMessage("exported \(tokens.count)", isError: false))
        }

        func loadRawJSON(account: String, id: String, send: @escaping Send) {
            calls.append("json \(account)/\(id)")
            send(.rawJSONLoaded(account: account, id: id, json: "{}"))
        }

        func perform(_ action: TokenAction, on targets: [ActionTarget], send: @escaping Send) {
            calls.append("\(action.rawValue) \(targets.map(\.id))")
        }

        func loadChanges(send: @escaping Send) {
            calls.append("changes")
            send(.changesLoaded([], error: nil))
        }
    }

    /// What reached the terminal, the allocator and `send`.
    final class Sink: Sendable {
        private let state = Mutex<(copied: [String], redraws: Int, releases: Int, sent: [String])>(([], 0, 0, []))
        var copied: [String] { state.withLock { $0.copied } }
        var redraws: Int { state.withLock { $0.redraws } }
        var releases: Int { state.withLock { $0.releases } }
        var sent: [String] { state.withLock { $0.sent } }
        func copy(_ text: String) { state.withLock { $0.copied.append(text) } }
        func redraw() { state.withLock { $0.redraws += 1 } }
        func release() { state.withLock { $0.releases += 1 } }
        func send(_ action: Action) {
            let text = switch action {
            case .statusMessage(let message, let isError): "message \(message)\(isError ? " (error)" : "")"
            case .rawJSONLoaded(let account, let id, let json): "json \(account)/\(id) \(json ?? "nil")"
            default: "other"
            }
            state.withLock { $0.sent.append(text) }
        }
    }

    static let light = Theme(name: "light", styles: [:])

    func makeRunner(_ services: FakeServices, _ sink: Sink) -> EffectRunner {
        EffectRunner(
            theme: .builtInDefault, services: services, send: { sink.send($0) },
            loadTheme: { name in name == "light" ? .success(Self.light) : .failure(ThemeLoadFailure(message: "no theme named \(name)")) },
            copyToClipboard: { sink.copy($0) }, redrawAll: { sink.redraw() }, releaseFreeMemory: { sink.release() })
    }

    @Test func theServicesGetTheSlowEffectsInOrderAndTheirAnswersComeBackThroughSend() async {
        let services = FakeServices(), sink = Sink()
        let runner = makeRunner(services, sink)
        let target = ActionTarget(vendor: .prefactor, account: "pf-prod", id: "pf_1", title: "CI deploy")
        let effects: [Effect] = [
            .refresh,
            .loadRawJSON(account: "acme-prod", id: "wstok_1"),
            .createToken(account: "ml-platform", request: .trueFoundry(TrueFoundryTokenRequest(name: "ci", expiresAt: nil))),
            .exportView(format: "csv", path: "/tmp/x.csv", tokens: [Token.fixture(id: "a"), Token.fixture(id: "b")]),
            .performAction(.suspend, targets: [target]),
            .loadChanges,
        ]
        for effect in effects { #expect(runner.run(effect).isEmpty) }
        await runner.finish()
        #expect(await services.calls == ["refresh", "json acme-prod/wstok_1", "create ml-platform", "export csv /tmp/x.csv [\"a\", \"b\"]", "suspend [\"pf_1\"]", "changes"])
        #expect(sink.sent == ["json acme-prod/wstok_1 {}", "message exported 2", "other"])
        // None of it was the terminal's.
        #expect(sink.copied.isEmpty && sink.redraws == 0 && !runner.shouldQuit)
    }

    @Test func theClipboardAndQuitAreTheTerminalsAndRunAtOnce() async {
        let services = FakeServices(), sink = Sink()
        let runner = makeRunner(services, sink)
        #expect(runner.run(.copyToClipboard("pat-8")).isEmpty)
        #expect(sink.copied == ["pat-8"])
        #expect(!runner.shouldQuit)
        #expect(runner.run(.quit).isEmpty)
        #expect(runner.shouldQuit)
        await runner.finish()
        #expect(await services.calls.isEmpty)
    }

    @Test func aThemeSwitchRedrawsWithTheNewThemeAndSaysSo() {
        let runner = makeRunner(FakeServices(), Sink())
        #expect(runner.theme == .builtInDefault)
        let sink = Sink()
        let switching = makeRunner(FakeServices(), sink)
        let answer = switching.run(.switchTheme("light"))
        #expect(switching.theme == Self.light)
        #expect(sink.redraws == 1)
        guard case .statusMessage("theme light", isError: false)? = answer.first, answer.count == 1 else {
            Issue.record("answer: \(answer)")
            return
        }
    }

    @Test func aThemeThatCannotBeLoadedKeepsTheOldOneAndSaysWhy() {
        let sink = Sink()
        let runner = makeRunner(FakeServices(), sink)
        let answer = runner.run(.switchTheme("neon"))
        #expect(runner.theme == .builtInDefault)
        #expect(sink.redraws == 0)
        guard case .statusMessage("theme neon: no theme named neon", isError: true)? = answer.first, answer.count == 1 else {
            Issue.record("answer: \(answer)")
            return
        }
    }

    @Test func withoutAThemeLoaderASwitchSaysThemesCannotBeSwitched() {
        let runner = EffectRunner(theme: .builtInDefault, services: FakeServices(), send: { _ in }, loadTheme: nil, copyToClipboard: { _ in })
        guard case .statusMessage("theme light: themes cannot be switched here", isError: true)? = runner.run(.switchTheme("light")).first else {
            Issue.record("no message")
            return
        }
    }

    @Test func memoryIsReleasedAfterTheFrameThatFollowsEachReplacedSetOnly() {
        let sink = Sink()
        let runner = makeRunner(FakeServices(), sink)
        runner.subscribe(to: Subscriptions(idleWork: false, replacedSets: 0))
        runner.frameDrawn()
        #expect(sink.releases == 0)
        // A load: released after the frame, not before it.
        runner.subscribe(to: Subscriptions(idleWork: false, replacedSets: 1))
        #expect(sink.releases == 0)
        runner.frameDrawn()
        #expect(sink.releases == 1)
        // Frames without a load release nothing more; two loads in one batch, once.
        runner.frameDrawn()
        runner.subscribe(to: Subscriptions(idleWork: true, replacedSets: 3))
        runner.frameDrawn()
        runner.frameDrawn()
        #expect(sink.releases == 2)
    }

    @Test func idleWorkIsWantedWhileTheSubscriptionSaysSo() {
        let runner = makeRunner(FakeServices(), Sink())
        #expect(!runner.wantsIdleWork)
        runner.subscribe(to: Subscriptions(idleWork: true, replacedSets: 0))
        #expect(runner.wantsIdleWork)
        runner.subscribe(to: Subscriptions(idleWork: false, replacedSets: 0))
        #expect(!runner.wantsIdleWork)
    }

    /// The app's side of it: a load moves `replacedSets`; a wide search asks for idle work until
    /// `.idle` has prepared the next keystroke, and `.idle` returns no effect.
    @Test func theAppSubscribesToIdleWorkAfterAWideSearchAndCountsReplacedSets() {
        var state = AppState(accounts: dashboardAccounts, now: TestClock.now)
        _ = App.update(&state, .resize(Size(width: 120, height: 40)))
        #expect(App.subscriptions(state) == Subscriptions(idleWork: false, replacedSets: 0))
        let tokens = manyTokens(25_000, kinds: ["svc_access"])
        _ = App.update(&state, .tokensLoaded(tokens, fetchedAt: TestClock.now))
        #expect(App.subscriptions(state).replacedSets == 1)
        _ = App.update(&state, .accountTokensLoaded(account: "acme-prod", tokens: Array(tokens.prefix(10)), fetchedAt: TestClock.now))
        #expect(App.subscriptions(state).replacedSets == 2)
        // Every id holds "tok": a search wide enough to prepare its next keystroke between keys.
        _ = App.update(&state, .tokensLoaded(tokens, fetchedAt: TestClock.now))
        state.press(.char("/"))
        state.type("tok")
        #expect(state.view.totalMatching >= 20_000)
        #expect(App.subscriptions(state).idleWork)
        var slices = 0
        while App.subscriptions(state).idleWork {
            #expect(App.update(&state, .idle).isEmpty)
            slices += 1
        }
        #expect(slices > 1)
        #expect(App.subscriptions(state) == Subscriptions(idleWork: false, replacedSets: 3))
    }
}
