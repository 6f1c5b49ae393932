import Mustache

// swift-mustache finds a value's fields with `Mirror`, which made up about
// a third of a statement page's rendering time (measured with perf on the
// build bench). The values rendered most often (one per line item, per
// service, per total) answer by name instead. A test checks every field
// against Mirror, so a field added to a struct and not here is caught.

extension TotalsView: MustacheParent {
    package func child(named name: String) -> Any? {
        switch name {
        case "rows": rows
        case "list": list
        case "discount": discount
        case "subsidy": subsidy
        case "amount": amount
        case "discountPercent": discountPercent
        case "subsidyPercent": subsidyPercent
        default: nil
        }
    }
}

extension StatementView.Row: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "date": date
        case "firstDate": firstDate
        case "lastDate": lastDate
        case "count": count
        case "resource": resource
        case "resourceId": resourceId
        case "service": service
        case "description": description
        case "kind": kind
        case "list": list
        case "discount": discount
        case "subsidy": subsidy
        case "amount": amount
        default: nil
        }
    }
}

extension StatementView.ServiceRow: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "service": service
        case "totals": totals
        default: nil
        }
    }
}

extension StatementView.Project: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "projectId": projectId
        case "anchor": anchor
        case "statementId": statementId
        case "fundOrg": fundOrg
        case "references": references
        case "hasReferences": hasReferences
        case "totals": totals
        case "explanation": explanation
        case "services": services
        case "lines": lines
        case "lineCount": lineCount
        case "groupCount": groupCount
        case "lineSummary": lineSummary
        case "credits": credits
        case "hasCredits": hasCredits
        default: nil
        }
    }
}

extension StatementView: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "organization": organization
        case "period": period
        case "status": status
        case "statusLabel": statusLabel
        case "pi": pi
        case "totals": totals
        case "explanation": explanation
        case "projectCount": projectCount
        case "projects": projects
        case "multipleProjects": multipleProjects
        case "grouped": grouped
        case "lineItems": lineItems
        case "historyHref": historyHref
        case "downloads": downloads
        case "contactEmail": contactEmail
        case "hasContact": hasContact
        case "logo": logo
        case "hasLogo": hasLogo
        default: nil
        }
    }
}

extension LayoutView: MustacheParent {
    public func child(named name: String) -> Any? {
        switch name {
        case "lang": lang
        case "title": title
        case "heading": heading
        case "siteTitle": siteTitle
        case "root": root
        case "kind": kind
        case "breadcrumbs": breadcrumbs
        case "banner": banner
        case "content": content
        case "contactEmail": contactEmail
        case "footer": footer
        case "logo": logo
        default: nil
        }
    }
}

extension PIHistoryView.PeriodRow: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "period": period
        case "href": href
        case "status": status
        case "statusLabel": statusLabel
        case "projects": projects
        case "totals": totals
        default: nil
        }
    }
}

extension PIHistoryView.ProjectRow: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "period": period
        case "project": project
        case "amount": amount
        default: nil
        }
    }
}

// Pages rendered on every build that changes a period: one row per PI and
// project, per import, per PI.

extension PeriodView.PIProjectRow: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "pi": pi
        case "href": href
        case "project": project
        case "fundOrg": fundOrg
        case "totals": totals
        default: nil
        }
    }
}

extension PeriodView.Slice: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "name": self.name
        case "totals": totals
        default: nil
        }
    }
}

extension DashboardView.PIRow: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "pi": pi
        case "href": href
        case "periods": periods
        case "latestPeriod": latestPeriod
        case "latestAmount": latestAmount
        default: nil
        }
    }
}

extension ReviewView.Charge: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "id": id
        case "source": source
        case "line": line
        case "pi": pi
        case "project": project
        case "fundOrg": fundOrg
        case "resource": resource
        case "service": service
        case "amount": amount
        case "reason": reason
        case "approveCommand": approveCommand
        case "rejectCommand": rejectCommand
        default: nil
        }
    }
}
