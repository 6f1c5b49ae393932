import ChargebackCore
import Foundation
import Testing

@Suite struct PhaseProgressTests {
    @Test func aBarLineHasCountsWithSeparatorsPercentageRateAndETA() {
        let p = PhaseProgress(phase: "build 2026-10", verb: "rendered", unit: .items("statements"), done: 1_234, total: 4_004, elapsed: 3)
        // 1,234 in 3 s: 411/s; 2,770 left: 6.7 s, shown as 0:07.
        #expect(p.line(barWidth: 10) == "build 2026-10  [###.......]  1,234/4,004 statements  30%  411/s  ETA 0:07")
    }

    @Test func countsGroupByThousandsInEveryMagnitude() {
        #expect(PhaseProgress.grouped(0) == "0")
        #expect(PhaseProgress.grouped(999) == "999")
        #expect(PhaseProgress.grouped(1_000) == "1,000")
        #expect(PhaseProgress.grouped(1_234_567) == "1,234,567")
        #expect(PhaseProgress.grouped(-12_345) == "-12,345")
    }

    @Test func anUnknownTotalShowsNoBarNoPercentageAndNoETA() {
        let p = PhaseProgress(phase: "notify 2026-10", verb: "sent", unit: .items("notices"), done: 12, total: 0, elapsed: 4)
        #expect(p.line() == "notify 2026-10  12 notices  3/s")
    }

    @Test func beforeAnyTimeHasPassedThereIsNoRateAndNoETA() {
        let p = PhaseProgress(phase: "generate 2026-10", verb: "rendered", unit: .items("PIs"), done: 0, total: 2_000, elapsed: 0)
        #expect(p.line(barWidth: 4) == "generate 2026-10  [....]  0/2,000 PIs  0%")
    }

    @Test func bytesShowAsMegabytesWithARateInMBPerSecond() {
        let p = PhaseProgress(phase: "ingest focus.csv", verb: "read", unit: .bytes, done: 120_000_000, total: 314_159_265, elapsed: 3)
        #expect(p.line(barWidth: 8) == "ingest focus.csv  [###.....]  120.0/314.2 MB  38%  40.0 MB/s  ETA 0:05")
    }

    @Test func aLongETAShowsHours() {
        let p = PhaseProgress(phase: "x", verb: "did", unit: .items("rows"), done: 1, total: 10_000, elapsed: 1)
        #expect(p.line(barWidth: 1).hasSuffix("ETA 2:46:39"))
    }

    @Test func doneCountBeyondTheTotalFillsTheBarAndStopsAt100Percent() {
        let p = PhaseProgress(phase: "x", verb: "did", unit: .items("rows"), done: 12, total: 10, elapsed: 2)
        #expect(p.line(barWidth: 5) == "x  [#####]  12/10 rows  100%  6/s  ETA 0:00")
    }

    @Test func theSummaryNamesThePhaseVerbCountTimeAndRate() {
        let p = PhaseProgress(phase: "build 2026-10", verb: "rendered", unit: .items("statements"), done: 4_004, total: 4_004, elapsed: 12.34)
        #expect(p.summary() == "build 2026-10: rendered 4,004 statements in 12.3 s (324/s)")
        let none = PhaseProgress(phase: "generate 2026-10", verb: "rendered", unit: .items("PIs"), done: 0, total: 0, elapsed: 0)
        #expect(none.summary() == "generate 2026-10: rendered 0 PIs in 0.0 s")
    }
}

@Suite struct ProgressDisplayTests {
    /// A clock the test moves, and everything written.
    final class Recorder: @unchecked Sendable {
        var now = 100.0
        var written: [String] = []
    }

    @Test func theBarRedrawsAtMostOncePerIntervalAndIsErasedAtTheEnd() {
        let r = Recorder()
        let display = ProgressDisplay(style: .bar, interval: 0.1, clock: { r.now }, write: { r.written.append($0) })
        display.start("build 2026-10", verb: "rendered", unit: .items("statements"), total: 100)
        #expect(r.written.count == 1)  // drawn at once, at 0
        for _ in 0..<50 {  // 50 items within 0.05 s: no redraw
            r.now += 0.001
            display.advance(1)
        }
        #expect(r.written.count == 1)
        r.now += 0.06  // 0.11 s after the first draw
        display.advance(1)
        #expect(r.written.count == 2)
        #expect(r.written[1].hasPrefix("\rbuild 2026-10  ["))
        #expect(r.written[1].contains("51/100 statements  51%"))
        #expect(r.written[1].hasSuffix("\u{1B}[K"))
        display.update(done: 100)  // too soon again
        #expect(r.written.count == 2)
        display.finish()
        #expect(r.written.last == "\r\u{1B}[K")
        #expect(r.written.allSatisfy { !$0.contains("\n") })
    }

    @Test func theSummaryStyleWritesOneLinePerPhaseAndNoCarriageReturn() {
        let r = Recorder()
        let display = ProgressDisplay(style: .summary, clock: { r.now }, write: { r.written.append($0) })
        display.start("build 2026-10", verb: "rendered", unit: .items("statements"), total: 3)
        for _ in 0..<3 {
            r.now += 1
            display.advance(1)
        }
        display.finish()
        // A new phase ends the previous one if it was not finished.
        display.start("build histories", verb: "rendered", unit: .items("PI pages"), total: 2)
        r.now += 0.5
        display.update(done: 2)
        display.start("notify 2026-10", verb: "sent", unit: .items("notices"), total: 0)
        display.finish()
        display.finish()  // nothing more
        #expect(r.written == ["build 2026-10: rendered 3 statements in 3.0 s (1/s)\n",
                              "build histories: rendered 2 PI pages in 0.5 s (4/s)\n",
                              "notify 2026-10: sent 0 notices in 0.0 s\n"])
    }

    @Test func advancesFromManyThreadsAreAllCounted() {
        let r = Recorder()
        let display = ProgressDisplay(style: .summary, clock: { 0 }, write: { r.written.append($0) })
        display.start("x", verb: "did", unit: .items("items"), total: 8_000)
        DispatchQueue.concurrentPerform(iterations: 8) { _ in
            for _ in 0..<1_000 { display.advance(1) }
        }
        display.finish()
        #expect(r.written == ["x: did 8,000 items in 0.0 s\n"])
    }
}
