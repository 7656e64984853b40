/// The words the generated tokens are made of, and the awkward names that make sure
/// the dashboard's sanitiser and column fitting get exercised.
enum SampleText {
    static let systems = [
        "Vendor X Integration", "GitHub Actions", "Terraform Cloud", "HashiCorp Vault", "Jenkins",
        "Backstage catalog sync", "Grafana alerting", "PagerDuty", "Datadog agent", "Snowflake loader",
        "Billing export", "Helpdesk Ticket Automation", "Airflow", "Argo CD", "Buildkite",
        "CircleCI", "Kubernetes operator", "Slack bot", "Zapier", "Okta SCIM", "Nightly backup",
        "Release pipeline", "Customer data sync", "Fraud scoring", "Search indexer",
    ]
    static let environments = ["Prod", "Staging", "Dev", "QA", "Sandbox", "EU", "US-East"]
    static let people = ["ada", "grace", "linus", "margaret", "ken", "barbara", "dennis", "radia", "yukihiro", "chris"]
    static let machines = ["macbook", "thinkpad", "build-07", "devbox", "wsl", "ci-runner", "bastion"]
    static let slugWords = [
        "ci", "deploy", "backup", "metrics", "ingest", "sync", "export", "model", "train", "serve",
        "eval", "notebook", "pipeline", "nightly", "agent", "cli", "batch", "gateway",
    ]

    /// Unicode and wide-character names: CJK, emoji (with ZWJ and skin tones), combining
    /// marks, right-to-left scripts, full-width forms and one very long name.
    static let unicodeNames = [
        "日本語のトークン（本番）",
        "本番デプロイ用トークン",
        "🚀 Deploy bot",
        "👩🏽‍💻 Dev laptop token",
        "Café crème — naïve résumé",
        "e\u{301}tude with combining acute",
        "Z\u{335}\u{321}a\u{336}l\u{337}g\u{338}o token",
        "Ключ доступа CI",
        "한국어 토큰",
        "全角ＡＢＣ１２３トークン",
        "עברית token",
        "🇯🇵🇩🇪 flag pair",
        "Integration token for the quarterly revenue reconciliation job between the billing "
            + "warehouse and the finance team's reporting cluster (do not delete)",
    ]

    /// Names that would drive a terminal if printed raw: CSI colours and screen clears,
    /// OSC 52 clipboard writes and OSC 0 titles, a DCS status request (the terminal answers it
    /// as if typed), BEL, backspace, CR, C1 CSI/OSC/DCS, bidi overrides, embeddings, isolates
    /// and marks, NUL and DEL. (Changed in place, never added to: the list's length decides
    /// which generated rows get a special name, so a longer list would reshuffle every seed.)
    static let hostileNames = [
        "\u{1B}[31mRED ALERT\u{1B}[0m token",
        "\u{1B}]52;c;cm0gLXJmIH4=\u{07}clipboard write",
        "bell\u{07}\u{07}\u{07} ringer",
        "backspace\u{08}\u{08}\u{08}\u{08}hidden",
        "carriage\rreturn overwrite",
        "bidi \u{202E}exe.txt\u{202C} \u{2067}isolate\u{2069} \u{200F}mark",
        "\u{1B}P$q\"p\u{1B}\\DCS \u{1B}[2J\u{1B}[Hclear screen",
        "\u{1B}]0;pwned title\u{07}window title",
        "C1 \u{9B}31m CSI \u{9D}52;c;ZXZpbA==\u{9C}OSC \u{90}q\u{9C}DCS",
        "newline\ninjected line",
        "tab\tseparated\tname",
        "NUL\u{0}byte",
        "DEL\u{7F}char",
    ]

    /// Unicode and hostile names interleaved, so the first page shows both kinds.
    static let specialNames: [String] = {
        var names: [String] = []
        for index in 0..<max(unicodeNames.count, hostileNames.count) {
            if index < unicodeNames.count { names.append(unicodeNames[index]) }
            if index < hostileNames.count { names.append(hostileNames[index]) }
        }
        return names
    }()

    /// The special name for the record at `listPosition` in the vendor's default order:
    /// every other row of the first page, then about one in fifty at random.
    static func specialName(atListPosition listPosition: Int, rng: inout SplitMix64) -> String? {
        if listPosition % 2 == 1, listPosition / 2 < specialNames.count {
            return specialNames[listPosition / 2]
        }
        return rng.chance(0.02) ? rng.pick(specialNames) : nil
    }
}
