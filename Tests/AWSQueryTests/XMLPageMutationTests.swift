import Foundation
import Testing

@testable import AWSQuery

/// A page's items are only checked to balance as the page is read (the collect digests and scans them where they
/// lie); whatever that check lets through, reading the items strictly must catch. So over many damaged copies of a
/// response, the page with its items read strictly accepts exactly what the tree reader accepts, and a page refused
/// for its structure is refused where and why the tree is.
@Suite struct XMLPageMutationTests {
    /// xorshift64*: the same damaged documents on every run, so that a failure names one that can be replayed.
    struct SeededGenerator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state ^= state >> 12
            state ^= state << 25
            state ^= state >> 27
            return state &* 0x2545_F491_4F6C_DD1D
        }
    }

    /// Bytes a damage inserts or writes: markup, quotes, references, names, spaces and line breaks.
    static let alphabet = Array("<>/!?-[]\"' :=&;#ax\n".utf8)

    /// `document` with one to three random bytes deleted, repeated, inserted or replaced.
    static func damaged(_ document: [UInt8], using generator: inout SeededGenerator) -> [UInt8] {
        var bytes = document
        for _ in 0..<Int.random(in: 1...3, using: &generator) {
            let position = Int.random(in: 0..<bytes.count, using: &generator)
            switch Int.random(in: 0..<4, using: &generator) {
            case 0: bytes.remove(at: position)
            case 1: bytes.insert(bytes[position], at: position)
            case 2: bytes.insert(alphabet.randomElement(using: &generator)!, at: position)
            default: bytes[position] = alphabet.randomElement(using: &generator)!
            }
        }
        return bytes
    }

    /// The tree's outcome, and the page's with every item then read into a node: nil when accepted, else the error.
    static func outcomes(_ data: Data) -> (tree: XMLNode.ParseError?, page: XMLNode.ParseError?, pageRead: Bool) {
        var tree: XMLNode.ParseError?
        do { _ = try XMLNode.parse(data) } catch { tree = error as? XMLNode.ParseError }
        let page: XMLPage
        do {
            page = try XMLPage.parse(data, items: XMLItemPath(["vpcEndpointSet"]))
        } catch {
            return (tree, error as? XMLNode.ParseError, false)
        }
        do {
            try page.forEachItem { _, item in
                // The collect reads a changed item through its index, which relies on the page's check of its tags:
                // it must refuse what the strict read refuses, for the same reason (or leave the item to that read).
                var index = XMLElementIndex()
                var indexed: Bool?
                let indexFailure = Self.failure { indexed = try index.read(item) }
                let strictFailure = Self.failure { _ = try item.node() }
                if indexed != false {
                    #expect(indexFailure == strictFailure, "the index refuses the item as the strict read does")
                }
                _ = try item.node()
            }
            return (tree, nil, true)
        } catch {
            return (tree, error as? XMLNode.ParseError, true)
        }
    }

    /// What `body` throws, described; nil when it returns.
    static func failure(_ body: () throws -> Void) -> String? {
        do {
            try body()
            return nil
        } catch {
            return "\(error)"
        }
    }

    @Test func damagedPagesAreAcceptedExactlyWhenTheTreeIsAndRefusedWhereItIs() throws {
        let response = Array(XMLPageTests.response.utf8)
        var generator = SeededGenerator(state: 0x9E37_79B9_7F4A_7C15)
        var (accepted, refusedByPage, refusedByItems) = (0, 0, 0)
        for round in 0..<4_000 {
            let bytes = Self.damaged(response, using: &generator)
            let (tree, page, pageRead) = Self.outcomes(Data(bytes))
            let text = String(decoding: bytes, as: UTF8.self)
            #expect((tree == nil) == (page == nil), "round \(round): \(text)")
            if let page, !pageRead {
                // Refused while reading the page, for its structure: where and why the tree is, unless the tree
                // stopped earlier, at what the page leaves to an item's strict read (a reference in an item's text).
                let treeStoppedEarlier = tree.map { ($0.line, $0.column) < (page.line, page.column) } ?? false
                #expect(tree == page || treeStoppedEarlier, "round \(round): \(text)")
                refusedByPage += 1
            } else if page != nil {
                refusedByItems += 1
            } else {
                accepted += 1
            }
        }
        // The damages reach every outcome (else the test would prove little).
        #expect(accepted > 100, "accepted: \(accepted)")
        #expect(refusedByPage > 1_000, "refused by the page: \(refusedByPage)")
        #expect(refusedByItems > 50, "refused by an item: \(refusedByItems)")
    }
}
