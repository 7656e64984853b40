import CNCursesShim
import TokenDeckUI

/// What the terminal reports: a key (or mouse) press, or a new size.
public enum TerminalEvent: Hashable, Sendable {
    case key(Key)
    case resize(Size)
}

extension TerminalEvent {
    /// Translates one event read by the C shim; nil for keys TokenDeck has no name for.
    init?(_ event: td_event) {
        switch td_event_kind(rawValue: UInt32(bitPattern: event.kind)) {
        case TD_EV_CHAR:
            guard let key = Key(character: event.ch) else { return nil }
            self = .key(key)
        case TD_EV_KEY:
            guard let key = Key(special: td_special_key(rawValue: UInt32(bitPattern: event.special)), function: Int(event.function)) else { return nil }
            self = .key(key)
        case TD_EV_RESIZE:
            self = .resize(Size(width: Int(event.x), height: Int(event.y)))
        case TD_EV_MOUSE:
            let kind: MouseEvent.Kind
            switch td_mouse_kind(rawValue: UInt32(bitPattern: event.mouse)) {
            case TD_M_PRESS: kind = .press
            case TD_M_RELEASE: kind = .release
            case TD_M_WHEEL_UP: kind = .wheelUp
            case TD_M_WHEEL_DOWN: kind = .wheelDown
            default: return nil
            }
            self = .key(.mouse(MouseEvent(kind: kind, x: Int(event.x), y: Int(event.y))))
        default:
            return nil
        }
    }
}

extension Key {
    /// A character as the terminal sends it in raw mode: control bytes become named keys.
    init?(character code: UInt32) {
        switch code {
        case 27: self = .escape
        case 9: self = .tab
        case 10, 13: self = .enter
        case 8, 127: self = .backspace
        case 1...26:
            // Ctrl-A is 1 … Ctrl-Z is 26 (tab, enter and backspace were taken above).
            self = .ctrl(Character(Unicode.Scalar(UInt8(code - 1) + UInt8(ascii: "a"))))
        case 0..<32:
            return nil
        default:
            guard let scalar = Unicode.Scalar(code) else { return nil }
            self = .char(Character(scalar))
        }
    }

    init?(special: td_special_key, function: Int) {
        switch special {
        case TD_K_UP: self = .up
        case TD_K_DOWN: self = .down
        case TD_K_LEFT: self = .left
        case TD_K_RIGHT: self = .right
        case TD_K_HOME: self = .home
        case TD_K_END: self = .end
        case TD_K_PAGE_UP: self = .pageUp
        case TD_K_PAGE_DOWN: self = .pageDown
        case TD_K_ENTER: self = .enter
        case TD_K_BACK_TAB: self = .backTab
        case TD_K_BACKSPACE: self = .backspace
        case TD_K_DELETE: self = .delete
        case TD_K_INSERT: self = .insert
        case TD_K_FUNCTION: self = .function(function)
        default: return nil
        }
    }
}
