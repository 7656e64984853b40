/// A key press or terminal event, independent of ncurses.
public enum Key: Hashable, Sendable {
    case char(Character)
    /// Ctrl plus a letter, lower-cased (`.ctrl("u")`).
    case ctrl(Character)
    case up, down, left, right, home, end, pageUp, pageDown
    case enter, escape, tab, backTab, backspace, delete, insert
    case function(Int)
    /// Bracketed or fast-typed paste, as one string.
    case paste(String)
    case mouse(MouseEvent)
}

public struct MouseEvent: Hashable, Sendable {
    public enum Kind: Hashable, Sendable { case press, release, wheelUp, wheelDown }
    public var kind: Kind
    public var x: Int
    public var y: Int
    public init(kind: Kind, x: Int, y: Int) {
        self.kind = kind
        self.x = x
        self.y = y
    }
}
