import AWSQuery
import Foundation
import TestSupport
import Testing

@testable import Collector

/// Seeded fuzzing of the response path: mutated wire fixtures go through `XMLNode.parse`, then
/// `ShapeDecoder.decodePage` (success) and `QueryError.fromErrorResponse` (failure statuses). Every
/// outcome must be a value or a described error of the module's own type — never a crash or a hang —
/// and entity expansion must stay bounded with external entities left unresolved.
@Suite struct XMLFuzzTests {
    /// Inputs per run: 5,000 in `make test` (seconds in a debug build); `PLINV_FUZZ_EXECUTIONS` for soak runs.
    static let executions = ProcessInfo.processInfo.environment["PLINV_FUZZ_EXECUTIONS"].flatMap { Int($0) } ?? 5_000
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fixtures/wire")

    /// The recorded responses with the operation each answers.
    static func fixtures() throws -> [(operation: ModeledOperation, bytes: [UInt8])] {
        try ModeledOperation.all.map { operation in
            (operation, Array(try Data(contentsOf: folder.appendingPathComponent("\(operation.name).xml"))))
        }
    }

    /// What one input led to, for the printed counts.
    enum Outcome: String, CaseIterable {
        case decoded, malformedXML, malformedValue, missingResultElement, notUTF8
    }

    /// Runs one input through the reader and the decoder; records an issue for anything but a value or a
    /// described error of the expected types.
    static func run(_ bytes: [UInt8], operation: ModeledOperation) -> Outcome {
        let isUTF8 = String(validating: bytes, as: UTF8.self) != nil
        let data = Data(bytes)
        let errorDocument = QueryError.fromErrorResponse(status: 500, body: data)
        #expect(!errorDocument.description.isEmpty)
        let root: XMLNode
        do {
            root = try XMLNode.parse(data)
        } catch let error as XMLNode.ParseError {
            #expect(error.description.hasPrefix("malformed XML at line \(error.line), column \(error.column): "))
            #expect(error.line >= 0 && error.column >= 0)
            return isUTF8 ? .malformedXML : .notUTF8
        } catch {
            Issue.record("XMLNode.parse threw a foreign error: \(type(of: error)) \(error)")
            return .malformedXML
        }
        do {
            _ = try ShapeDecoder.decodePage(operation: operation, root: root)
            return .decoded
        } catch let error as CollectorError {
            #expect(error.description.contains(operation.name), "\(error)")
            switch error {
            case .malformedValue: return .malformedValue
            case .missingResultElement: return .missingResultElement
            case .unknownShape, .stackReadFailed:
                Issue.record("decoding a response threw \(error)")
                return .malformedValue
            }
        } catch {
            Issue.record("ShapeDecoder threw a foreign error: \(type(of: error)) \(error)")
            return .malformedValue
        }
    }

    @Test(.timeLimit(.minutes(5)))
    func mutatedWireFixturesGiveAValueOrADescribedError() throws {
        let fixtures = try Self.fixtures()
        var rng = SeededGenerator(seed: 0x706C_696E_76)
        var outcomes: [Outcome: Int] = [:]
        var mutations: [ByteMutation: Int] = [:]
        for execution in 0..<Self.executions {
            let (operation, original) = fixtures[execution % fixtures.count]
            var bytes = original
            for _ in 0..<Int.random(in: 1...3, using: &rng) {
                let mutation = ByteMutation.allCases.randomElement(using: &rng)!
                mutations[mutation, default: 0] += 1
                bytes = mutation.apply(to: bytes, other: fixtures.randomElement(using: &rng)!.bytes, using: &rng)
            }
            outcomes[Self.run(bytes, operation: operation), default: 0] += 1
        }
        let byOutcome = Outcome.allCases.map { "\($0.rawValue)=\(outcomes[$0, default: 0])" }.joined(separator: " ")
        let byMutation = ByteMutation.allCases.map { "\($0.rawValue)=\(mutations[$0, default: 0])" }
            .joined(separator: " ")
        print("XML fuzz: executions=\(Self.executions) \(byOutcome); mutations: \(byMutation)")
        #expect(outcomes.values.reduce(0, +) == Self.executions)
        #expect(outcomes[.decoded, default: 0] > 0 && outcomes[.malformedXML, default: 0] > 0)
    }

    @Test func everyUnmutatedFixtureDecodes() throws {
        for (operation, bytes) in try Self.fixtures() {
            #expect(Self.run(bytes, operation: operation) == .decoded, "\(operation.name)")
        }
    }

    /// The total text held by a tree, to tell whether entities were expanded.
    static func textSize(_ node: XMLNode) -> Int {
        node.children.reduce(node.text.utf8.count) { $0 + textSize($1) }
    }

    @Test(.timeLimit(.minutes(1)))
    func billionLaughsIsRefusedOrBounded() throws {
        var doctype = #"<!ENTITY lol0 "lollollollollollollollollollol">"#
        for level in 1...9 {
            doctype += "<!ENTITY lol\(level) \"" + String(repeating: "&lol\(level - 1);", count: 10) + "\">"
        }
        let document = "<?xml version=\"1.0\"?><!DOCTYPE lolz [\(doctype)]><lolz>&lol9;</lolz>"
        do {
            let root = try XMLNode.parse(Data(document.utf8))
            let size = Self.textSize(root)
            print("billion laughs: parsed, \(size) bytes of text")
            #expect(size < 1_000_000, "entity expansion must be bounded; got \(size) bytes")
        } catch let error as XMLNode.ParseError {
            print("billion laughs: refused: \(error)")
        }
    }

    @Test func externalEntitiesAndDTDsAreNotResolved() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("plinv-xxe-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let secret = directory.appendingPathComponent("secret.txt")
        try "XXE-MARKER-SECRET".write(to: secret, atomically: true, encoding: .utf8)
        let dtd = directory.appendingPathComponent("evil.dtd")
        try "<!ENTITY fromdtd \"XXE-MARKER-DTD\">".write(to: dtd, atomically: true, encoding: .utf8)
        let documents = [
            "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY xxe SYSTEM \"\(secret.absoluteString)\">]><r><v>&xxe;</v></r>",
            "<?xml version=\"1.0\"?><!DOCTYPE r SYSTEM \"\(dtd.absoluteString)\"><r><v>&fromdtd;</v></r>",
            "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY % p SYSTEM \"\(dtd.absoluteString)\"> %p;]><r><v>&fromdtd;</v></r>",
        ]
        for document in documents {
            do {
                let root = try XMLNode.parse(Data(document.utf8))
                let text = root.child("v")?.text ?? ""
                print("external entity: parsed, <v> = \"\(text)\"")
                #expect(!text.contains("XXE-MARKER"), "an external entity was resolved: \(document)")
            } catch let error as XMLNode.ParseError {
                print("external entity: refused: \(error)")
            }
        }
    }

    @Test(.timeLimit(.minutes(1)), arguments: [256, 10_000])
    func deepNestingIsAValueOrAnError(depth: Int) throws {
        let document = String(repeating: "<a>", count: depth) + "x" + String(repeating: "</a>", count: depth)
        do {
            let root = try XMLNode.parse(Data(document.utf8))
            #expect(root.name == "a")
        } catch let error as XMLNode.ParseError {
            #expect(error.description.hasPrefix("malformed XML at line"))
        }
    }

    /// Found by this suite when plinv used FoundationXML: 100,000 nested elements overflowed the stack. The reader now
    /// refuses nesting past 256 levels. Runs in a child process (an exit test) so a regression cannot take the suite down.
    @Test func nestingDeeperThanABoundIsRefusedNotACrash() async {
        await #expect(processExitsWith: .success) {
            let depth = 100_000
            let document = String(repeating: "<a>", count: depth) + String(repeating: "</a>", count: depth)
            do {
                _ = try XMLNode.parse(Data(document.utf8))
            } catch {
                guard "\(error)".hasPrefix("malformed XML at line") else { exit(2) }
            }
        }
    }

    /// Found by this fuzzer: FoundationXML's `XMLParser` trapped (SIGILL) on the overlong UTF-8 pair `C0 80` in a name.
    /// The reader now refuses bodies that are not valid UTF-8, error bodies included. Runs in a child process.
    @Test func invalidUTF8InANameIsADescribedError() async {
        await #expect(processExitsWith: .success) {
            let body = Data([0x3C, 0x70, 0xC0, 0x80, 0x71, 0x2F, 0x3E])  // <p\xC0\x80q/>
            do {
                _ = try XMLNode.parse(body)
            } catch let error as XMLNode.ParseError {
                guard error.description.hasPrefix("malformed XML at line") else { exit(2) }
            } catch {
                exit(3)
            }
            _ = QueryError.fromErrorResponse(status: 500, body: body)
        }
    }

    /// Found by the libFuzzer harness (scripts/fuzz): FoundationXML's `XMLParser` dereferenced a null pointer on a
    /// processing instruction without data. The reader skips processing instructions. Runs in a child process.
    @Test func aProcessingInstructionWithoutDataIsAValueOrAnError() async {
        await #expect(processExitsWith: .success) {
            let body = Data("<r><?x?></r>".utf8)
            do {
                _ = try XMLNode.parse(body)
            } catch {
                guard "\(error)".hasPrefix("malformed XML at line") else { exit(2) }
            }
        }
    }
}
