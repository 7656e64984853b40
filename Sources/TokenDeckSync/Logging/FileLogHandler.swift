import Foundation
import Logging
import TokenDeckCore

/// A swift-log handler that writes one line per message to the log file and nowhere else — never
/// to the screen, which belongs to the dashboard or to a script's output. Every message, metadata
/// value and error goes through the redactor, then through the sanitiser, so a line can neither
/// leak a credential nor carry a newline or an escape sequence into whoever `tail`s the file.
///
///     2026-01-02T03:04:05.678Z warning tokendeck.sync: retrying GET https://… attempt=2 vendor=provisionr
public struct FileLogHandler: LogHandler {
    public var logLevel: Logger.Level
    public var metadata: Logger.Metadata = [:]
    public var metadataProvider: Logger.MetadataProvider?

    private let label: String
    private let file: LogFile
    private let redactor: SecretRedactor

    public init(label: String, file: LogFile, level: Logger.Level, redactor: SecretRedactor = .shared,
                metadataProvider: Logger.MetadataProvider? = nil) {
        self.label = label
        self.file = file
        self.logLevel = level
        self.redactor = redactor
        self.metadataProvider = metadataProvider
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        file.append(line(for: event, at: Date()))
    }

    /// The text written for `event`, newline included.
    func line(for event: LogEvent, at date: Date) -> String {
        var merged = metadata
        if let provided = metadataProvider?.get() { merged.merge(provided) { $1 } }
        if let own = event.metadata { merged.merge(own) { $1 } }
        var text = Self.timestamp(date) + " " + event.level.rawValue + " " + label + ": "
        text += clean(event.message.description)
        for (key, value) in merged.sorted(by: { $0.key < $1.key }) {
            text += " " + clean(key) + "=" + clean(value.description)
        }
        if let error = event.error {
            text += " error=" + clean(String(describing: error))
        }
        return text + "\n"
    }

    private func clean(_ text: String) -> String {
        Sanitizer.sanitize(redactor.redact(text))
    }

    /// ISO 8601 UTC with milliseconds: log lines from one sync are often within the same second.
    static func timestamp(_ date: Date) -> String {
        let seconds = UTCTimestamp.string(date)
        let millis = Int((date.timeIntervalSince1970 - date.timeIntervalSince1970.rounded(.down)) * 1000)
        let fraction = String(millis)
        return seconds.dropLast() + "." + String(repeating: "0", count: 3 - fraction.count) + fraction + "Z"
    }
}
