import Foundation
import PrivateLinkModel
import TestSupport
import Testing

/// Seeded differential fuzzing of plinv's one JSON reader against Foundation's: over mutated JSON fixtures and
/// canonical records, whatever plinv accepts Foundation accepts too (plinv is the stricter of the two, never the
/// more lenient), and every refusal is a `JSONSyntaxError` whose line and column lie within the text.
@Suite struct JSONReaderFuzzTests {
    static let executions = max(
        (ProcessInfo.processInfo.environment["PLINV_FUZZ_EXECUTIONS"].flatMap { Int($0) } ?? 5_000), 1)
    static let sources = [
        "intrinsics.json", "article-endpoint-service.json", "parameters-cli.json", "parameters-map.json",
    ]

    @Test(.timeLimit(.minutes(5)))
    func whatPlinvAcceptsFoundationAcceptsAndRefusalsHaveAPosition() throws {
        var texts = try Self.sources.map { try String(contentsOf: Fixture.url($0), encoding: .utf8) }
        texts.append(
            String(
                decoding: JSONValue.object([
                    "a": .array([.integer(-1), .double(2.5e-3), .string("é\u{1}\"\\"), .null, .bool(true)]),
                    "b": .object([:]),
                ]).canonicalData(), as: UTF8.self))
        var rng = SeededGenerator(seed: 0x6A73_6F6E)
        var accepted = 0, refused = 0
        for execution in 0..<Self.executions {
            var text = texts[execution % texts.count]
            for _ in 0..<Int.random(in: 1...3, using: &rng) {
                text = TextMutation.allCases.randomElement(using: &rng)!.apply(to: text, using: &rng)
            }
            let data = Data(text.utf8)
            do {
                _ = try JSONValue.parse(data)
                accepted += 1
                #expect(
                    (try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])) != nil,
                    "plinv accepted what Foundation refuses:\n\(text)")
            } catch let error as JSONSyntaxError {
                refused += 1
                let lines = 1 + text.utf8.filter { $0 == 0x0A }.count
                #expect((1...lines).contains(error.line) && error.column >= 1, "\(error) outside the text:\n\(text)")
            }
        }
        print("json fuzz: executions=\(Self.executions) accepted=\(accepted) refused=\(refused)")
        #expect(accepted > 0 && refused > 0)
    }
}
