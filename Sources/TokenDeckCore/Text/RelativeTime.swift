import Foundation

/// "2d ago", "in 29d", "never": how far a date is from now, in the fewest characters a person
/// still reads at a glance.
public enum RelativeTime {
    public static func describe(_ date: Date?, now: Date, never: String = "never") -> String {
        guard let date else { return never }
        let seconds = date.timeIntervalSince(now)
        let magnitude = abs(seconds)
        if magnitude < 60 { return "now" }
        let amount: String
        switch magnitude {
        case ..<3_600: amount = "\(Int(magnitude / 60))m"
        case ..<172_800: amount = "\(Int(magnitude / 3_600))h"
        case ..<31_536_000: amount = "\(Int(magnitude / 86_400))d"
        default: amount = "\(Int(magnitude / 31_536_000))y"
        }
        return seconds < 0 ? "\(amount) ago" : "in \(amount)"
    }
}
