import ChargebackCore

/// Who a charge belongs to: the billing fields ingest maps from tags
/// (`tag_mapping`). A field left nil is left out of the tags, so ingest
/// flags the charge for review (missing PI, project or fund/org) instead of
/// anything guessing.
public struct ChargeOwner: Sendable, Hashable {
    public var piEmail: String?
    public var projectId: String?
    public var fundOrg: String?
    public var costCenter: String?
    public var accountCode: String?
    public var reference1: String?
    public var reference2: String?

    public init(piEmail: String? = nil, projectId: String? = nil, fundOrg: String? = nil, costCenter: String? = nil,
                accountCode: String? = nil, reference1: String? = nil, reference2: String? = nil) {
        self.piEmail = piEmail
        self.projectId = projectId
        self.fundOrg = fundOrg
        self.costCenter = costCenter
        self.accountCode = accountCode
        self.reference1 = reference1
        self.reference2 = reference2
    }

    public static let nobody = ChargeOwner()

    /// The fields with their tag keys, in a fixed order, the empty ones left out.
    func tags(_ keys: TagMapping) -> [ExtraTag] {
        [(keys.piEmail, piEmail), (keys.projectId, projectId), (keys.fundOrg, fundOrg), (keys.costCenter, costCenter),
         (keys.accountCode, accountCode), (keys.reference1, reference1), (keys.reference2, reference2)]
            .compactMap { key, value in value.map { ExtraTag(key, $0) } }
    }
}

/// A tag beyond the billing fields (`slurm_account`, `usage_user`, `end_date` …).
public struct ExtraTag: Sendable, Hashable {
    public var key: String
    public var value: String
    public init(_ key: String, _ value: String) {
        self.key = key
        self.value = value
    }
}

/// One FOCUS row a converter produces: one charge.
///
/// Amounts are already rounded to the cent (`Exact.roundedToCents`), and
/// ListCost ≥ ContractedCost ≥ BilledCost: the difference between list and
/// contracted is a discount, between contracted and billed a subsidy, as the
/// statements show them.
public struct ChargeLine: Sendable, Equatable {
    /// The part of time the charge is for; `end` is exclusive (FOCUS).
    public var chargeStart: CivilDay
    public var chargeEnd: CivilDay
    public var serviceName: String
    public var resourceId: String
    public var resourceName: String
    /// How the amount was worked out, in words ("2.5 core-hours × 20 = 50 SU at 0.01 per SU").
    public var description: String
    /// The priced item: a partition, a tier, a usage type.
    public var sku: String?
    public var list: Money
    public var contracted: Money
    public var billed: Money
    public var owner: ChargeOwner
    public var tags: [ExtraTag]

    public init(chargeStart: CivilDay, chargeEnd: CivilDay, serviceName: String, resourceId: String, resourceName: String,
                description: String, sku: String? = nil, list: Money, contracted: Money, billed: Money,
                owner: ChargeOwner, tags: [ExtraTag] = []) {
        self.chargeStart = chargeStart
        self.chargeEnd = chargeEnd
        self.serviceName = serviceName
        self.resourceId = resourceId
        self.resourceName = resourceName
        self.description = description
        self.sku = sku
        self.list = list
        self.contracted = contracted
        self.billed = billed
        self.owner = owner
        self.tags = tags
    }
}

/// Exact amounts of one charge, rounded to the cent each, once.
public struct ChargeAmounts: Sendable, Equatable {
    public var list: Money
    public var contracted: Money
    public var billed: Money

    /// `list` ≥ `contracted` ≥ `billed` ≥ 0 are the rules' job; rounding keeps the order.
    public init(list: Exact, contracted: Exact, billed: Exact) throws(ExactOverflow) {
        self.list = try list.roundedToCents()
        self.contracted = try contracted.roundedToCents()
        self.billed = try billed.roundedToCents()
    }

    public init(list: Money, contracted: Money, billed: Money) {
        self.list = list
        self.contracted = contracted
        self.billed = billed
    }
}
