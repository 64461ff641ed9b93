/// The contract's exit codes.
enum ExitStatus {
    /// The worse of two exit codes, as `plinv run` reports it (1 error > 3 partial > 2 findings > 0).
    static func worst(_ a: Int32, _ b: Int32) -> Int32 {
        func rank(_ code: Int32) -> Int {
            switch code {
            case 0: 0
            case 2: 1
            case 3: 2
            default: 3
            }
        }
        return rank(a) >= rank(b) ? a : b
    }
}
