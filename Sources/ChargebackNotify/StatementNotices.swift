import ChargebackCore

/// Who gets a notice this run, and why (or why not): a PI already sent a
/// notice for the period is skipped unless their statement changed since
/// (its content digest differs) or `resend` is asked for. The statement of
/// charges without a PI (`unallocated`) has nobody to tell: always skipped.
struct StatementNotices {
    enum Decision: Equatable {
        case send(reason: String)
        case skip(reason: String)
    }

    struct Notice {
        var statement: StatementReport
        var decision: Decision
    }

    static let firstNotice = "first notice"
    static let noAddressee = "charges approved without a PI: nobody to e-mail (the period page lists them)"

    /// `only`: PI e-mails to limit the run to (any case); nil for every PI.
    static func plan(_ statements: [StatementReport], lastSent: [String: NotificationRecord], only: [String]?,
                     resend: Bool, period: BillingPeriod) throws(NotifyError) -> [Notice] {
        var chosen = statements
        if let only {
            let wanted = Set(only.map { $0.lowercased() })
            let known = Set(statements.map { $0.piEmail.lowercased() })
            let unknown = only.filter { !known.contains($0.lowercased()) }
            guard unknown.isEmpty else { throw .unknownRecipients(unknown, period: period) }
            chosen = statements.filter { wanted.contains($0.piEmail.lowercased()) }
        }
        return chosen.map { statement in
            if statement.piEmail == ChargeDraft.unallocated {
                return Notice(statement: statement, decision: .skip(reason: noAddressee))
            }
            guard let last = lastSent[statement.piEmail.lowercased()] else {
                return Notice(statement: statement, decision: .send(reason: firstNotice))
            }
            if last.contentDigest != statement.contentDigest {
                return Notice(statement: statement, decision: .send(reason: "statement changed since the notice of \(last.at)"))
            }
            if resend {
                return Notice(statement: statement, decision: .send(reason: "--resend (last sent \(last.at))"))
            }
            return Notice(statement: statement, decision: .skip(reason: "already notified on \(last.at), statement unchanged (--resend sends again)"))
        }
    }
}
