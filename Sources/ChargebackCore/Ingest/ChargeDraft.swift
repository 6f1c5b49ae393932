/// A FOCUS row turned into a charge: costs resolved (absent list = billed,
/// absent contracted = list), tags mapped to billing fields (`MappedTags`).
/// Plain values, no database: ingest builds one per row and hands it to
/// `ChargeWriter`.
public struct ChargeDraft: Sendable, Equatable {
    public var period: BillingPeriod
    public var line: Int
    public var billingPeriodStart: String
    public var chargePeriodStart: String?
    public var chargePeriodEnd: String?
    public var serviceName: String?
    public var chargeCategory: String?
    public var chargeDescription: String?
    public var resourceId: String?
    public var resourceName: String?
    public var skuId: String?
    public var skuPriceId: String?
    public var billingCurrency: String?
    public var list: Money
    public var contracted: Money
    public var billed: Money
    public var effective: Money
    /// The PI's e-mail, or `ChargeDraft.unallocated` when the row names none.
    public var piEmail: String
    public var projectId: String?
    public var fundOrg: String?
    public var costCenter: String?
    public var accountCode: String?
    public var reference1: String?
    public var reference2: String?
    public var tags: String
    /// The `tag_mapping` field whose tags disagree (`pi_email`); that field is
    /// left empty and the charge is flagged `tag_conflict:<field>`.
    public var tagConflict: String? = nil

    /// Where a charge with no PI goes: kept, flagged, never dropped.
    public static let unallocated = "unallocated"
}

extension ChargeDraft {
    /// Builds the draft from a decoded row and the fields its tags give.
    init(row: FocusRow, line: Int, mapped: MappedTags) {
        let billed = row.billedCost
        let list = row.listCost ?? billed
        let contracted = row.contractedCost ?? list
        self.init(
            period: row.billingPeriodStart.period,
            line: line,
            billingPeriodStart: row.billingPeriodStart.canonical,
            chargePeriodStart: row.chargePeriodStart?.canonical,
            chargePeriodEnd: row.chargePeriodEnd?.canonical,
            serviceName: row.serviceName,
            chargeCategory: row.chargeCategory,
            chargeDescription: row.chargeDescription,
            resourceId: row.resourceId,
            resourceName: row.resourceName,
            skuId: row.skuId,
            skuPriceId: row.skuPriceId,
            billingCurrency: row.billingCurrency,
            list: list,
            contracted: contracted,
            billed: billed,
            effective: row.effectiveCost ?? billed,
            piEmail: mapped.piEmail ?? ChargeDraft.unallocated,
            projectId: mapped.projectId,
            fundOrg: mapped.fundOrg,
            costCenter: mapped.costCenter,
            accountCode: mapped.accountCode,
            reference1: mapped.reference1,
            reference2: mapped.reference2,
            tags: row.tags.raw,
            tagConflict: mapped.conflict)
    }
}

extension ChargeDraft {
    /// The draft's columns in `charges` table order. One list for binding
    /// and for packing text (`PreparedBatch`), so the two cannot disagree.
    func forEachColumn(text: (String?) -> Void, int: (Int64) -> Void) {
        text(billingPeriodStart)
        text(chargePeriodStart)
        text(chargePeriodEnd)
        text(serviceName)
        text(chargeCategory)
        text(chargeDescription)
        text(resourceId)
        text(resourceName)
        text(skuId)
        text(billingCurrency)
        int(list.nanos)
        int(contracted.nanos)
        int(billed.nanos)
        int(effective.nanos)
        text(piEmail)
        text(projectId)
        text(fundOrg)
        text(costCenter)
        text(accountCode)
        text(reference1)
        text(reference2)
        text(tags)
    }
}
