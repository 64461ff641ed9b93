import AWSQuery
import Foundation
import PrivateLinkModel
import TestSupport
import Testing

@testable import Collector

/// A collect reads each page with its items left as bytes (`XMLPage`), scans them (`XMLElementBytes`) and reads
/// into nodes only the items it writes. On mutated wire fixtures that must be exactly as strict as reading the
/// whole document, and every scanned name, child and text must be the tree's.
@Suite struct ItemBytesFuzzTests {
    /// Whether the scanned element has the node's name, texts and children, all the way down.
    static func scannedLikeTheTree(_ element: XMLElementBytes, _ node: XMLNode) throws -> Bool {
        guard element.hasName(node.name) else { return false }
        var children: [XMLElementBytes] = []
        element.forEachChild { children.append($0) }
        guard children.count == node.children.count else { return false }
        if node.children.isEmpty, try element.text() != node.text { return false }
        if let first = node.children.first, element.child(first.name)?.range != children.first?.range {
            return false
        }
        for (child, childNode) in zip(children, node.children) where try !scannedLikeTheTree(child, childNode) {
            return false
        }
        return true
    }

    /// What one mutated page led to.
    enum Outcome: String, CaseIterable {
        case equal, refusedByBoth, refusedWhenItemRead
    }

    /// Reads `bytes` both ways and records an issue for any difference.
    static func compare(_ bytes: Data, kind: ResourceKind) throws -> Outcome {
        let listing = try ResourceListing.of(kind)
        let whole = Result { try XMLNode.parse(bytes) }
        let page: XMLPage
        do {
            page = try XMLPage.parse(bytes, items: listing.shape.itemPath)
        } catch let error as XMLNode.ParseError {
            // Refused while skipping an item: the whole document is refused too, at the same place or (for a fault
            // only a strict read of an item finds, such as a bad reference) before it.
            guard case .failure(let thrown) = whole, let wholeError = thrown as? XMLNode.ParseError else {
                Issue.record("the page was refused (\(error)) but the whole document was read")
                return .refusedByBoth
            }
            if (wholeError.line, wholeError.column) == (error.line, error.column) {
                #expect(wholeError == error)
            } else {
                #expect((wholeError.line, wholeError.column) < (error.line, error.column), "\(wholeError) || \(error)")
            }
            return .refusedByBoth
        }
        var read: [XMLNode] = []
        var failure: XMLNode.ParseError?
        let writer = RecordWriter(listing.shape)
        var elements = XMLElementIndex()
        try page.forEachItem { index, item in
            do {
                let node = try item.node()
                #expect(try scannedLikeTheTree(item, node), "\(String(decoding: bytes, as: UTF8.self))")
                read.append(node)
                // The record a collect writes by scanning is the one it writes from the nodes, and the scan accepts
                // what the node reader accepts.
                do {
                    if try elements.read(item) {
                        let fromNodes = ScannedRecordTests.outcome { try writer.writeCanonicalJSON(node, index: index) }
                        let scanned = ScannedRecordTests.outcome {
                            try writer.writeCanonicalJSON(elements, index: index)
                        }
                        #expect(scanned == fromNodes, "\(String(decoding: bytes, as: UTF8.self))")
                    }
                } catch {
                    Issue.record("the scan refused an item the node reader read: \(error)")
                }
            } catch let error as XMLNode.ParseError {
                failure = failure ?? error
                // The scan refuses what the node reader refuses, with its error, or leaves the item to it.
                do {
                    let scannable = try elements.read(item)
                    #expect(!scannable, "scanned an item the node reader refuses: \(error)")
                } catch let scanError as XMLNode.ParseError {
                    #expect(scanError == error)
                }
            }
        }
        switch whole {
        case .success(let root):
            #expect(failure == nil)
            if let items = try? listing.shape.items(of: root) { #expect(read == items) }
            return .equal
        case .failure(let error):
            // What the page let through is refused when the item is read, with the document's position.
            #expect(
                failure != nil && failure == error as? XMLNode.ParseError, "\(error) vs \(String(describing: failure))")
            return .refusedWhenItemRead
        }
    }

    @Test(.timeLimit(.minutes(3)))
    func mutatedPagesReadWithItemsAsBytesAreReadAsWholeDocuments() throws {
        let pages = try ResourceKind.allCases.map { kind in
            (kind, Array(try RecordWriterTests.fixtureBytes(kind)))
        }
        var rng = SeededGenerator(seed: 0x6974_656D_73)
        var outcomes: [Outcome: Int] = [:]
        for execution in 0..<XMLFuzzTests.executions {
            let (kind, original) = pages[execution % pages.count]
            var bytes = original
            for _ in 0..<Int.random(in: 1...3, using: &rng) {
                bytes = ByteMutation.allCases.randomElement(using: &rng)!
                    .apply(to: bytes, other: pages.randomElement(using: &rng)!.1, using: &rng)
            }
            outcomes[try Self.compare(Data(bytes), kind: kind), default: 0] += 1
        }
        print(
            "item bytes fuzz: "
                + Outcome.allCases.map { "\($0.rawValue)=\(outcomes[$0, default: 0])" }.joined(separator: " "))
        #expect(Outcome.allCases.allSatisfy { outcomes[$0, default: 0] > 0 })
    }

    @Test(arguments: ResourceKind.allCases)
    func everyFixturePageReadsTheSameBothWays(kind: ResourceKind) throws {
        #expect(try Self.compare(try RecordWriterTests.fixtureBytes(kind), kind: kind) == .equal)
    }
}
