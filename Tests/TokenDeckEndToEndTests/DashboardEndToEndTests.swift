import Foundation
import Testing

/// The real binary in a real (tmux) terminal, driven by keys as a person drives it: the demo
/// starts its embedded sandbox, syncs, and every assertion reads the pane's text.
@Suite("Dashboard end to end in tmux", .serialized)
struct DashboardEndToEndTests {
    static let demoAccounts = ["demo-provisionr", "demo-prefactor", "demo-metokens", "demo-truefoundry"]

    /// Starts the demo in a 120×40 pane and waits until every account has synced.
    private func launchDemo(label: String = #function) async throws -> TmuxSession {
        let session = try TmuxSession(TmuxSession.dashboardCommand(), label: label)
        // Generous: on a loaded 2-core box a debug build's first sync has taken over 12 s.
        try await session.waitUntil("the demo synced", timeout: 40) { screen in
            // Whole frames only: every account counted, and All their sum (a frame can arrive in parts).
            let counts = Self.demoAccounts.compactMap { Self.sidebarCount(of: $0, in: screen) }
            return Self.isSynced(screen) && counts.count == Self.demoAccounts.count && counts.allSatisfy { $0 > 0 }
                && Self.sidebarCount(of: "All", in: screen) == counts.reduce(0, +) && screen.contains("q:quit")
        }
        return session
    }

    /// The header says "⟳ Ns ago" once a sync finished and none is running.
    static func isSynced(_ screen: String) -> Bool {
        let header = header(screen)
        return header.contains("⟳") && header.contains("ago") && !header.contains("syncing")
    }

    /// The count the sidebar shows beside an account ("│  demo-provisionr   1,234 │").
    static func sidebarCount(of account: String, in screen: String) -> Int? {
        for line in screen.split(separator: "\n") where line.contains(" \(account) ") {
            let afterName = line.components(separatedBy: " \(account) ")[1]
            let digits = afterName.prefix { $0 == " " || $0.isNumber || $0 == "," }
                .filter { $0.isNumber }
            if let count = Int(String(digits)) { return count }
        }
        return nil
    }

    /// The pane's rows (capture-pane ends the last one with a newline too).
    static func lines(_ screen: String) -> [Substring] {
        var lines = screen.split(separator: "\n", omittingEmptySubsequences: false)
        if lines.last == "" { lines.removeLast() }
        return lines
    }

    static func header(_ screen: String) -> String {
        String(screen.split(separator: "\n", omittingEmptySubsequences: false).first ?? "")
    }

    /// "page 2/17 · 501–1000 of 8,342" → (2, 17, 8342).
    static func pageIndicator(_ screen: String) -> (page: Int, pages: Int, total: Int)? {
        guard let range = screen.range(of: #"page (\d+)/(\d+) · [\d,]+–[\d,]+ of ([\d,]+)"#, options: .regularExpression) else { return nil }
        let numbers = screen[range].split(whereSeparator: { !$0.isNumber && $0 != "," }).map { Int($0.filter(\.isNumber)) ?? -1 }
        // page, pages, first, last, total
        guard numbers.count >= 5 else { return nil }
        return (numbers[0], numbers[1], numbers[4])
    }

    /// The table's data rows as text: the lines right of the sidebar ("││ ") that begin with an id.
    static func tableRows(_ screen: String) -> [String] {
        screen.split(separator: "\n").compactMap { line -> String? in
            guard let range = line.range(of: "││ ") else { return nil }
            let row = line[range.upperBound...].trimmingCharacters(in: CharacterSet(charactersIn: " │┃"))
            guard !row.isEmpty, !row.hasPrefix("ID ") else { return nil }
            return row
        }
    }

    /// Whether two ids, each perhaps truncated with "…", can be the same id.
    static func sameTruncatedID(_ a: String, _ b: String) -> Bool {
        let x = a.replacingOccurrences(of: "…", with: ""), y = b.replacingOccurrences(of: "…", with: "")
        return !x.isEmpty && !y.isEmpty && (x.hasPrefix(y) || y.hasPrefix(x))
    }

    /// The first column of each row: the (possibly truncated) token id.
    static func rowIDs(_ screen: String) -> [String] {
        tableRows(screen).map { String($0.prefix { $0 != " " }) }
    }

    static let knownKinds = ["cli_activation", "cli_access", "cli_refresh", "personal_access", "svc_access"]

    // MARK: - Launch

    @Test func demoOpensWithDemoBadgeAndTheFourAccountsWithCounts() async throws {
        let session = try await launchDemo()
        let screen = try session.capture()
        #expect(Self.header(screen).contains("DEMO"))
        #expect(Self.header(screen).contains("TokenDeck"))
        for account in Self.demoAccounts {
            let count = Self.sidebarCount(of: account, in: screen)
            #expect(count != nil && count! > 0, "no count for \(account) in:\n\(screen)")
        }
        let all = Self.sidebarCount(of: "All", in: screen) ?? 0
        let sum = Self.demoAccounts.compactMap { Self.sidebarCount(of: $0, in: screen) }.reduce(0, +)
        #expect(all == sum, "All (\(all)) should be the sum of the accounts (\(sum))")
        #expect(screen.contains("q:quit") || screen.contains("q quit"), "status bar with key hints:\n\(screen)")
    }

    // MARK: - Moving and paging

    @Test func movingDownSelectsTheNextTokenAndShowsItInTheDetails() async throws {
        let session = try await launchDemo()
        let before = try session.capture()
        try session.press("j")
        let after = try await session.waitUntil("the details to change") { $0 != before && Self.detailsText($0) != Self.detailsText(before) }
        #expect(Self.detailsText(after) != Self.detailsText(before))
        try session.press("k")
        try await session.waitUntil("the first token again") { Self.detailsText($0) == Self.detailsText(before) }
    }

    /// The lines below the table: the details pane's box.
    static func detailsText(_ screen: String) -> String {
        let lines = screen.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard let start = lines.firstIndex(where: { $0.contains("Details") }) else { return "" }
        return lines[start...].joined(separator: "\n")
    }

    @Test func nextPageMovesThePageIndicatorAndBackAgain() async throws {
        let session = try await launchDemo()
        let first = try #require(Self.pageIndicator(try session.capture()))
        #expect(first.page == 1)
        #expect(first.pages > 1, "the demo has more than one page")
        try session.press("n")
        let second = try await session.waitUntil("page 2") { Self.pageIndicator($0)?.page == 2 }
        #expect(Self.pageIndicator(second)?.total == first.total)
        try session.press("p")
        try await session.waitUntil("page 1 again") { Self.pageIndicator($0)?.page == 1 }
        try session.press("NPage")
        try await session.waitUntil("PgDn to page 2") { Self.pageIndicator($0)?.page == 2 }
    }

    // MARK: - Search and filters

    @Test func searchNarrowsTheListLiveAsYouTypeAndEscClearsIt() async throws {
        let session = try await launchDemo()
        let total = try #require(Self.pageIndicator(try session.capture())?.total)
        try session.press("/")
        try session.type("svc_a")
        // Live: the chip and the narrowed list show while the search is still being typed. The rows
        // are part of what is waited for, as in the filter tests: a capture can fall between two
        // halves of one frame (tmux draws a large write as it reads it), the header new, rows old.
        let narrowed = try await session.waitUntil("the search chip and fewer tokens, every one a match") { screen in
            Self.header(screen).contains("/svc_a") && (Self.pageIndicator(screen)?.total ?? total) < total
                && !Self.tableRows(screen).isEmpty && Self.tableRows(screen).allSatisfy { $0.contains("svc_access") }
        }
        let rows = Self.tableRows(narrowed)
        #expect(!rows.isEmpty)
        for row in rows { #expect(row.contains("svc_access"), "row does not match the search: \(row)") }
        try session.press("Escape")
        try await session.waitUntil("the search cleared") { screen in
            !Self.header(screen).contains("/svc") && Self.pageIndicator(screen)?.total == total
        }
    }

    @Test func typeFilterPickerNarrowsToOneType() async throws {
        let session = try await launchDemo()
        try session.press("t")
        let picker = try await session.waitUntil("the type picker with its entries") {
            Self.pickerLabel(digit: 2, in: $0) != nil
        }
        // Entry 2 is the most common type of the view.
        let kind = try #require(Self.pickerLabel(digit: 2, in: picker), "no entry 2:\n\(picker)")
        try session.press("2")
        // A big frame can reach tmux in more than one write: wait for the whole of it.
        let filtered = try await session.waitUntil("the type chip, the picker closed, rows of that type") { screen in
            Self.header(screen).contains("type: \(kind)") && !screen.contains("Token type")
                && !Self.tableRows(screen).isEmpty && Self.tableRows(screen).allSatisfy { $0.contains(" \(kind) ") }
        }
        #expect(!filtered.contains("Token type"), "the picker closes on a choice")
        let rows = Self.tableRows(filtered)
        #expect(!rows.isEmpty)
        for row in rows { #expect(row.contains(" \(kind) "), "row of another type: \(row)") }
        // Back to every type: the picker's first entry.
        try session.press("t")
        try await session.waitFor("Token type")
        try session.press("1")
        try await session.waitUntil("no type chip") { !Self.header($0).contains("type:") && !$0.contains("Token type") }
    }

    @Test func trashKeyCyclesWithTrashedOnlyTrashedAndBack() async throws {
        let session = try await launchDemo()
        try session.press("x")
        try await session.waitUntil("trash: with") { Self.header($0).contains("trash: with") }
        try session.press("x")
        // The header is drawn before the rows, and a big frame can reach tmux in parts: each wait
        // is for the whole frame, and times out (failing) if the rows never agree with the chip.
        let only = try await session.waitUntil("trash: only, synced, only trashed rows") { screen in
            Self.header(screen).contains("trash: only") && Self.isSynced(screen)
                && !Self.tableRows(screen).isEmpty && Self.tableRows(screen).allSatisfy { $0.contains(" trashed ") }
        }
        #expect(only.contains("trash: only"))
        try session.press("x")
        let active = try await session.waitUntil("no trash chip, synced, no trashed row") { screen in
            !Self.header(screen).contains("trash:") && Self.isSynced(screen)
                && !Self.tableRows(screen).isEmpty && !Self.tableRows(screen).contains { $0.contains(" trashed ") }
        }
        #expect(!Self.header(active).contains("trash:"))
    }

    // MARK: - Details and help

    @Test func detailsTakeTheKeysOnEnterAndGiveThemBackOnEsc() async throws {
        let session = try await launchDemo()
        let first = try #require(Self.rowIDs(try session.capture()).first)
        try session.press("Enter")
        // In the details, j scrolls the text instead of moving the selection.
        try session.press("j")
        let scrolled = try await session.waitUntil("the details scrolled") { $0.contains("lines 2–") }
        // The focused details pane is wider, so the table may truncate the id at another length.
        let stillFirst = Self.rowIDs(scrolled).first.map { Self.sameTruncatedID($0, first) } ?? false
        #expect(stillFirst, "the table kept its selection: \(Self.rowIDs(scrolled).first ?? "none") vs \(first)")
        try session.press("Escape")
        try session.press("j")
        // Esc's own frame already shows "lines 1–" with the first token: wait for j's frame, which
        // shows another token (and fails on the timeout if the selection never moves).
        let firstID = first.replacingOccurrences(of: "…", with: "")
        let moved = try await session.waitUntil("the selection moved on") { screen in
            Self.detailsText(screen).contains("lines 1–") && !Self.detailsText(screen).contains(firstID)
        }
        #expect(!Self.detailsText(moved).contains(firstID), "the details still show the first token")
    }

    @Test func helpOpensWithQuestionMarkAndClosesWithEsc() async throws {
        let session = try await launchDemo()
        try session.press("?")
        let help = try await session.waitFor("┌ Keys")
        #expect(help.contains("quit"))
        #expect(help.contains("only trashed"))
        try session.press("Escape")
        // A big frame can reach tmux in parts: wait for the whole one, the sidebar back too.
        let closed = try await session.waitUntil("help closed") { !$0.contains("┌ Keys") && $0.contains("┌ Accounts") }
        #expect(closed.contains("┌ Accounts"))
    }

    // MARK: - Resize

    @Test func resizeRedrawsAtTheNewSizeAndATinyTerminalSaysSo() async throws {
        let session = try await launchDemo()
        try session.resize(width: 60, height: 20)
        let narrow = try await session.waitUntil("a 60×20 frame") { screen in
            let lines = Self.lines(screen)
            return Self.header(screen).contains("DEMO") && lines.count == 20 && lines.allSatisfy { $0.count <= 60 }
                && lines.contains { $0.hasPrefix("└") && $0.hasSuffix("┘") && $0.count == 60 }
        }
        #expect(!narrow.contains("too small"))
        try session.resize(width: 20, height: 5)
        try await session.waitFor("terminal too small")
        try session.resize(width: 1, height: 1)
        try session.resize(width: 120, height: 40)
        // The whole frame, down to its bottom border: a frame arrives in one write, but tmux may
        // take a large one in pieces, and a capture between them has the top without the bottom.
        let back = try await session.waitUntil("the full frame again") { screen in
            Self.header(screen).contains("DEMO") && screen.contains("┌ Accounts")
                && screen.split(separator: "\n").contains { $0.count == 120 && $0.hasPrefix("└") }
        }
        #expect(!back.contains("too small"))
        #expect(back.split(separator: "\n").contains { $0.count == 120 && $0.hasPrefix("└") })
        #expect(try session.paneValue("#{pane_dead}") == "0")
    }

    // MARK: - Quit

    @Test func quitLeavesTheShellClean() async throws {
        let session = try TmuxSession("env -i HOME=\"$HOME\" PATH=\"$PATH\" TERM=xterm-256color PS1='e2e$ ' bash --norc --noprofile")
        try await session.waitFor("e2e$")
        let package = URL(fileURLWithPath: TmuxSession.binary).deletingLastPathComponent().path
        try session.type("cd \(TmuxSession.shellQuoted(package)) && clear")
        try session.press("Enter")
        try await session.waitUntil("a clear screen") { $0.trimmingCharacters(in: .whitespacesAndNewlines) == "e2e$" }
        let command = "LANG=C.UTF-8 TERM=xterm-256color ./tokendeck --demo; echo \"exit=$?\""
        try session.type(command)
        try session.press("Enter")
        try await session.waitUntil("the demo synced", timeout: 40) { Self.isSynced($0) }
        #expect(try session.paneValue("#{alternate_on}") == "1")
        try session.press("q")
        let after = try await session.waitFor("exit=0")
        let lines = after.split(separator: "\n").map(String.init)
        // The shell's own screen is back: the command, its exit status and a fresh prompt, nothing else.
        #expect(lines == ["e2e$ " + command, "exit=0", "e2e$"], "leftovers on the screen after quitting:\n\(after)")
        #expect(try session.paneValue("#{pane_dead}") == "0")
        #expect(try session.paneValue("#{alternate_on}") == "0", "still on the alternate screen")
        #expect(try session.paneValue("#{cursor_flag}") == "1", "cursor left hidden")
        #expect(try session.paneValue("#{mouse_any_flag}") == "0", "mouse reporting left on")
        #expect(try session.paneValue("#{keypad_cursor_flag}") == "0", "application cursor keys left on")
        // The terminal answers like a shell again: echo and line editing are back.
        try session.type("echo still-here")
        try session.press("Enter")
        try await session.waitFor("\nstill-here")
    }

    /// The terminal goes away (ssh dropped, the pane killed): the dashboard ends instead of
    /// running on without one (it used to spin on the hung-up tty's end of file).
    @Test func theDashboardEndsWhenItsTerminalGoesAway() async throws {
        // Under a shell, as from a login over ssh: the hang-up signal goes to the shell, and the
        // dashboard learns of it only from its terminal.
        let session = try TmuxSession("\(TmuxSession.dashboardCommand()); echo ended")
        try await session.waitUntil("the demo synced", timeout: 40) { Self.isSynced($0) }
        let shell = try session.paneValue("#{pane_pid}")
        let children = try String(contentsOfFile: "/proc/\(shell)/task/\(shell)/children", encoding: .utf8)
        let pid = try #require(children.split(separator: " ").first.flatMap { Int32($0) }, "no child of the shell")
        let name = try String(contentsOfFile: "/proc/\(pid)/comm", encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(name == "tokendeck")
        session.kill()
        var alive = true
        for _ in 0..<100 where alive {
            try await Task.sleep(for: .milliseconds(50))
            // Gone, or a zombie nobody reaps: either way it no longer runs.
            let state = (try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8))?.split(separator: " ").dropFirst(2).first
            alive = kill(pid, 0) == 0 && state != "Z"
        }
        #expect(!alive, "pid \(pid) still runs after its terminal went away")
        if alive { kill(pid, SIGKILL) }
    }

    // MARK: - Issue 5's "done when"

    /// In the demo at 120×40, every svc_access token in the trash of the Provisionr account is
    /// found within eight key presses after launch.
    @Test func everyTrashedSvcAccessTokenOfProvisionrInAtMostEightKeys() async throws {
        let session = try await launchDemo()
        // 1: the first account (Provisionr) from anywhere.
        try session.press("1")
        try await session.waitUntil("the Provisionr account shown") { $0.contains("demo-provisionr · provisionr") }
        // x x: active → with trashed → only trashed.
        try session.press("x", "x")
        try await session.waitUntil("trash: only, synced") { Self.header($0).contains("trash: only") && Self.isSynced($0) }
        // t, then the digit the picker shows beside svc_access.
        try session.press("t")
        let picker = try await session.waitUntil("the type picker listing svc_access") { Self.pickerDigit(for: "svc_access", in: $0) != nil }
        let digit = try #require(Self.pickerDigit(for: "svc_access", in: picker), "svc_access is not in the picker:\n\(picker)")
        try session.press(digit)
        // A big frame can reach tmux in more than one write: wait for all of it.
        let top = try await session.waitUntil("type: svc_access, the picker closed, the rows redrawn") { screen in
            Self.header(screen).contains("type: svc_access") && !screen.contains("Token type") && Self.pageIndicator(screen) != nil
                && !Self.tableRows(screen).isEmpty && Self.tableRows(screen).allSatisfy(Self.isTrashedSvcAccess)
        }
        let indicator = try #require(Self.pageIndicator(top), "no page indicator:\n\(top)")
        #expect(indicator.pages == 1, "all of them on one page")
        // G: the end of the list, so a person has seen every row of it.
        try session.press("G")
        let bottom = try await session.waitUntilSettled("the last row") { screen in
            (Self.rowIDs(screen) != Self.rowIDs(top) || indicator.total <= Self.rowIDs(top).count)
                && Self.tableRows(screen).allSatisfy(Self.isTrashedSvcAccess)
        }

        #expect(session.keyPresses <= 8, "took \(session.keyPresses) key presses")
        let rows = Self.tableRows(top) + Self.tableRows(bottom)
        #expect(!rows.isEmpty, "nothing shown:\n\(top)")
        for row in rows {
            #expect(row.contains(" svc_access ") && row.contains(" trashed "), "not a trashed svc_access token: \(row)")
        }
        let seen = Set(Self.rowIDs(top) + Self.rowIDs(bottom))
        #expect(seen.count == indicator.total, "\(seen.count) different tokens seen, the indicator says \(indicator.total)")
        #expect(seen.allSatisfy { $0.hasPrefix("wstok_") }, "only Provisionr tokens")
        let truth = try SandboxTruth.provisionrTrashedCount(kind: "svc_access")
        #expect(indicator.total == truth, "the sandbox holds \(truth) trashed svc_access tokens")
    }

    // MARK: - Bad settings

    @Test func anUnknownThemeIsAUsageErrorNamingTheFlag() async throws {
        // Without NO_COLOR (which the shared tmux server may have picked up): it picks mono, whatever is named.
        let session = try TmuxSession("unset NO_COLOR; \(TmuxSession.dashboardCommand("--demo --theme nosuch")); echo \"[exit=$?]\"; exec cat")
        let screen = try await session.waitFor("[exit=")
        #expect(screen.contains("--theme: nosuch"), "\(screen)")
        #expect(screen.contains("[exit=2]"))
        #expect(try session.paneValue("#{alternate_on}") == "0", "refused before the screen was taken")
    }

    @Test func anUnopenableCacheIsAUsageErrorNamingTheFlag() throws {
        let (config, _) = try CreateCommandTests.offlineConfig()
        let run = try CreateCommandTests.tokendeck(["list", "--offline", "--cache", "/proc/no-such-dir/cache.sqlite",
                                                    "--config", config])
        #expect(run.status == 2, "\(run.stderr)")
        #expect(run.stderr.contains("--cache /proc/no-such-dir/cache.sqlite"), "\(run.stderr)")
        #expect(run.stdout.isEmpty)
    }

    // MARK: - Mouse and the command line

    /// A click as xterm sends it once ncurses has asked for SGR mouse reports (1006, which
    /// xterm-256color's terminfo names): ESC [ < button ; column ; row M, then m on release.
    @Test func clickingAnAccountAndAKeyHintInTheTerminal() async throws {
        let session = try await launchDemo()
        let screen = try session.capture()
        let lines = Self.lines(screen).map(String.init)
        let row = try #require(lines.firstIndex { $0.contains(" 2 demo-prefactor ") })
        try session.type(Self.sgrPress(x: 5, y: row) + Self.sgrRelease(x: 5, y: row))
        let clicked = try await session.waitFor("demo-prefactor · prefactor")
        // The status bar's "?:help" runs help (the bar now shows the sidebar's keys).
        let bar = try #require(Self.lines(clicked).last.map(String.init))
        let column = try #require(bar.range(of: "?:help").map { bar.distance(from: bar.startIndex, to: $0.lowerBound) })
        try session.type(Self.sgrPress(x: column, y: lines.count - 1) + Self.sgrRelease(x: column, y: lines.count - 1))
        try await session.waitFor("┌ Keys")
    }

    static func sgrPress(x: Int, y: Int) -> String { "\u{1B}[<0;\(x + 1);\(y + 1)M" }

    static func sgrRelease(x: Int, y: Int) -> String { "\u{1B}[<0;\(x + 1);\(y + 1)m" }

    @Test func theCommandLineCompletesAndRuns() async throws {
        let session = try await launchDemo()
        try session.press(":")
        try session.type("acc")
        try session.press("Tab")
        try session.type("demo-pro")
        try session.press("Tab")
        try await session.waitFor(":account demo-provisionr")
        try session.press("Enter")
        try await session.waitFor("demo-provisionr · provisionr")
        try session.type(":trash only")
        try session.press("Enter")
        let trashed = try await session.waitUntil("only trashed Provisionr tokens") { screen in
            Self.header(screen).contains("trash: only") && Self.isSynced(screen)
                && !Self.tableRows(screen).isEmpty && Self.tableRows(screen).allSatisfy { $0.contains(" trashed ") }
        }
        #expect(trashed.contains("demo-provisionr · provisionr"))
        #expect(Self.rowIDs(trashed).allSatisfy { $0.hasPrefix("wstok_") })
    }

    // MARK: - Issue 6's "done when": create in the dashboard

    /// In the demo: `c`, a name, a description, Enter — the new token is shown, then selected in
    /// the list, well within 20 key presses besides the typing; Enter pressed twice creates one token.
    @Test func createAServiceAccessTokenFromTheDashboardOnceWithinTwentyKeys() async throws {
        let session = try await launchDemo()
        let before = try #require(Self.sidebarCount(of: "demo-provisionr", in: try session.capture()))
        var typed = 0
        try session.press("c")
        let form = try await session.waitFor("New service access token")
        #expect(form.contains("svc_demo"), "the demo account's service is filled in:\n\(form)")
        let name = "E2E deploy bot", description = "Made by the end-to-end test"
        try session.type(name)
        typed += name.count
        try session.press("Tab")
        try session.type(description)
        typed += description.count
        try session.press("Tab")
        try session.type("30d")
        typed += 3
        // The form shows the date a relative expiry means.
        let expected = Self.utcDay(Date().addingTimeInterval(30 * 86_400))
        try await session.waitFor("→ \(expected)")
        // Twice, as an impatient person does: the second Enter must not send a second request.
        // When the answer comes between the two (a fast box), the second one closes the notice and
        // opens the new token's details: both are right, and both are checked below.
        try session.press("Enter", "Enter")
        let answered = try await session.waitUntil("the notice, or the new token shown after it") { screen in
            screen.contains("Token created · demo-provisionr")
                || (!screen.contains("New service access token") && Self.detailsText(screen).contains(description))
        }
        let shown: String
        if answered.contains("Token created · demo-provisionr") {
            let id = try #require(Self.noticeValue("ID", in: answered), "no id in the notice:\n\(answered)")
            #expect(id.hasPrefix("wstok_"))
            #expect(answered.contains(description))
            try session.press("Escape")
            shown = try await session.waitUntil("the notice closed and the new token selected") { screen in
                !screen.contains("Token created") && Self.detailsText(screen).contains(id)
            }
        } else {
            shown = answered
        }
        let id = try #require(Self.detailsValue("ID", in: shown), "no id in the details:\n\(shown)")
        #expect(id.hasPrefix("wstok_"))
        #expect(Self.detailsText(shown).contains(description))
        #expect(Self.detailsText(shown).contains("Expires     \(expected)"), "a 30-day expiry:\n\(Self.detailsText(shown))")
        // And in the table, on the first row (newest first), selected.
        let firstRow = try #require(Self.tableRows(shown).first)
        #expect(Self.sameTruncatedID(String(firstRow.prefix { $0 != " " }), id), "the new token tops the table:\n\(shown)")
        #expect(firstRow.contains("svc_access"))
        #expect(session.keyPresses - typed <= 20, "took \(session.keyPresses - typed) key presses besides typing")

        // Each answer from the vendor adds its token to the list and the cache: one more
        // Provisionr token than before means one request, not two.
        #expect(Self.sidebarCount(of: "demo-provisionr", in: shown) == before + 1)
    }

    @Test func escOnAHalfTypedFormAsksAndKeepsTheText() async throws {
        let session = try await launchDemo()
        try session.press("c")
        try await session.waitFor("New service access token")
        try session.type("half typed")
        try session.press("Escape")
        try await session.waitFor("Discard this token? y/n")
        try session.press("n")
        let kept = try await session.waitUntil("the form back") { !$0.contains("Discard this token") && $0.contains("half typed") }
        #expect(kept.contains("New service access token"))
        try session.press("Escape", "y")
        try await session.waitUntil("the form closed") { !$0.contains("New service access token") }
        #expect(try session.paneValue("#{cursor_flag}") == "0", "the cursor hides again with the form")
    }

    /// "2026-12-23" for `date` in UTC.
    static func utcDay(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd"
        return formatter.string(from: date)
    }

    /// "│ ID           wstok_01…   │" → the value.
    static func noticeValue(_ label: String, in screen: String) -> String? {
        let lines = screen.split(separator: "\n")
        guard let top = lines.firstIndex(where: { $0.contains("┌ Token created") }) else { return nil }
        for line in lines[top...] {
            // The notice's labels are 13 columns wide: "│ ID           wstok_…".
            let padded = label + String(repeating: " ", count: max(1, 13 - label.count))
            guard let range = line.range(of: "│ " + padded) else { continue }
            return line[range.upperBound...].trimmingCharacters(in: CharacterSet(charactersIn: " │")).split(separator: " ").first.map(String.init)
        }
        return nil
    }

    static func isTrashedSvcAccess(_ row: String) -> Bool {
        row.contains(" svc_access ") && row.contains(" trashed ")
    }

    /// The picker box's rows only (it is drawn over the table, beside the sidebar, whose rows
    /// look alike: "│ 2 demo-prefactor   472 │").
    static func pickerRows(_ screen: String) -> [String] {
        let lines = Self.lines(screen).map(String.init)
        guard let top = lines.firstIndex(where: { $0.contains("┌ Token type") }),
              let range = lines[top].range(of: "┌ Token type") else { return [] }
        let column = lines[top].distance(from: lines[top].startIndex, to: range.lowerBound)
        var rows: [String] = []
        for line in lines[(top + 1)...] {
            let row = String(line.dropFirst(column))
            if row.hasPrefix("└") { break }
            rows.append(row)
        }
        return rows
    }

    /// The label of a picker's entry `digit` ("│ 2 personal_access   42 │" → personal_access).
    static func pickerLabel(digit: Int, in screen: String) -> String? {
        for row in pickerRows(screen) {
            guard let range = row.range(of: "^│[ ▸]\(digit) [^ ]+ ", options: .regularExpression) else { continue }
            return row[range].dropFirst(4).trimmingCharacters(in: .whitespaces)
        }
        return nil
    }

    /// The digit a picker shows before `label` ("│ 3 svc_access   28 │"): one key chooses it.
    static func pickerDigit(for label: String, in screen: String) -> String? {
        for row in pickerRows(screen) {
            guard row.range(of: "^│[ ▸][0-9] \(label) ", options: .regularExpression) != nil else { continue }
            return String(row.dropFirst(2).prefix(1))
        }
        return nil
    }
}
