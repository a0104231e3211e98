/// AWS's Service Authorization Reference: every service, action, resource type and condition
/// key, embedded in the library. A lookup parses only the service it needs, once; a run that
/// touches s3 and iam never parses ec2.
public final class ServiceCatalog: @unchecked Sendable {
    /// The embedded catalog, shared by the whole process.
    public static let shared = ServiceCatalog()

    private let bytes: UnsafeBufferPointer<UInt8>
    /// Set when the catalog reads a copy of its text rather than the embedded bytes.
    private let ownedBytes: UnsafeMutableBufferPointer<UInt8>?
    private let index: CatalogIndex
    // Guards the two caches below; parsing happens under it, so a service is parsed once.
    private let lock = Lock()
    private var services: [ServiceStorage?]
    private var globals: [GlobalConditionKey]?

    /// A catalog over the embedded data with a cache of its own. Use `shared`; a second
    /// instance is for measuring cold lookups.
    public convenience init() {
        do {
            try self.init(bytes: EmbeddedCatalog.bytes, owned: nil)
        } catch {
            fatalError("the embedded catalog is malformed: \(error.message)")
        }
    }

    /// A catalog over PLCAT 2 text (see Scripts/generate-catalog).
    convenience init(text: String) throws(CatalogFormatError) {
        let copy = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: text.utf8.count)
        _ = copy.initialize(from: text.utf8)
        do {
            try self.init(bytes: UnsafeBufferPointer(copy), owned: copy)
        } catch {
            copy.deallocate()
            throw error
        }
    }

    private init(bytes: UnsafeBufferPointer<UInt8>, owned: UnsafeMutableBufferPointer<UInt8>?)
        throws(CatalogFormatError)
    {
        self.bytes = bytes
        ownedBytes = owned
        index = try CatalogReader.readIndex(bytes)
        services = Array(repeating: nil, count: index.entries.count)
    }

    deinit { ownedBytes?.deallocate() }

    /// The source release and date the catalog was generated from.
    public var source: CatalogSource { index.source }

    /// The prefixes of the current services, sorted.
    public var servicePrefixes: [String] { index.entries.filter { !$0.isDeprecated }.map(\.prefix) }

    /// The prefixes of services AWS has retired, which the catalog keeps as deprecated.
    public var retiredServicePrefixes: [String] { index.entries.filter(\.isDeprecated).map(\.prefix) }

    /// The service with this prefix, ignoring case; retired services are included.
    public func service(_ prefix: String) -> Service? {
        entryIndex(prefix).map { Service(storage: storage(at: $0)) }
    }

    /// The action `service:Action`, ignoring case; retired actions are included.
    public func action(_ fullName: String) -> Action? {
        guard let colon = fullName.firstIndex(of: ":") else { return nil }
        return service(String(fullName[..<colon]))?.action(named: String(fullName[fullName.index(after: colon)...]))
    }

    /// The actions a pattern such as `s3:Get*` matches, sorted by service and name; empty for
    /// text that is not an action pattern. Only the services the pattern can match are parsed.
    public func expand(_ pattern: String, includeDeprecated: Bool = false) -> [Action] {
        ActionPattern(pattern).map { expand($0, includeDeprecated: includeDeprecated) } ?? []
    }

    public func expand(_ pattern: ActionPattern, includeDeprecated: Bool = false) -> [Action] {
        var actions: [Action] = []
        // Names are sorted by lower-cased bytes, so those starting with the pattern's literal
        // prefix (`Describe` in `ec2:Describe*`) are one run, found by a binary search.
        let prefix = Array(pattern.action.prefix { $0 != UInt8(ascii: "*") && $0 != UInt8(ascii: "?") })
        // `Describe*`, `Get*` and `*`: every name in the run matches, and none needs the matcher.
        let prefixOnly = pattern.action.count == prefix.count + 1 && pattern.action.last == UInt8(ascii: "*")
        for entry in entryIndices(matching: pattern) {
            let storage = storage(at: entry)
            storage.actions.withUnsafeBufferPointer { records in
                var position = Self.firstName(atLeast: prefix, in: records)
                while position < records.count {
                    var name = records[position].name
                    let (inRun, matches) = name.withUTF8 { name in
                        let inRun = name.count >= prefix.count
                            && prefix.withUnsafeBufferPointer { CaseFold.compare(UnsafeBufferPointer(rebasing: name[..<prefix.count]), $0) == 0 }
                        return (inRun, inRun && (prefixOnly || ActionPattern.wildcardMatch(pattern.action, name)))
                    }
                    guard inRun else { break }
                    if matches, includeDeprecated || !records[position].isDeprecated {
                        actions.append(Action(storage: storage, index: position))
                    }
                    position += 1
                }
            }
        }
        return actions
    }

    /// The first position whose name is not before `prefix` in the names' order.
    private static func firstName(atLeast prefix: [UInt8], in records: UnsafeBufferPointer<ActionRecord>) -> Int {
        guard !prefix.isEmpty else { return 0 }
        var low = 0
        var high = records.count
        prefix.withUnsafeBufferPointer { prefix in
            while low < high {
                let middle = (low + high) / 2
                var name = records[middle].name
                if name.withUTF8({ CaseFold.compare($0, prefix) }) < 0 { low = middle + 1 } else { high = middle }
            }
        }
        return low
    }

    /// What an `Action` element's value names: current actions, only retired ones, or nothing,
    /// with a "did you mean" for the last.
    public func resolve(_ text: String) -> ActionResolution { resolveExpanding(text).resolution }

    /// `resolve`, with what `expand(text, includeDeprecated: true)` gives when the value has
    /// wildcards: resolving one expands it anyway, and the linter asks for both.
    func resolveExpanding(_ text: String) -> (resolution: ActionResolution, expansion: [Action]?) {
        guard let pattern = ActionPattern(text) else { return (.invalid, nil) }
        if !pattern.hasWildcards {
            // The common case, one named action: a binary search, not a scan of the service.
            guard let service = service(pattern.servicePart) else {
                return (.unknownService(suggestion: suggestion(forAction: text)), nil)
            }
            if let action = service.action(named: pattern.actionPart) {
                return (action.isDeprecated ? .deprecated([action]) : .known([action]), nil)
            }
            return (service.isDeprecated ? .deprecated([]) : .unknownAction(suggestion: suggestion(forAction: text)), nil)
        }
        let services = entryIndices(matching: pattern)
        guard !services.isEmpty else {
            let suggestion = pattern.serviceHasWildcards ? nil : suggestion(forService: pattern.servicePart)
            return (.unknownService(suggestion: suggestion), [])
        }
        let matches = expand(pattern, includeDeprecated: true)
        let current = matches.filter { !$0.isDeprecated }
        if !current.isEmpty { return (.known(current), matches) }
        let retiredService = services.contains { index.entries[$0].isDeprecated }
        if !matches.isEmpty || retiredService { return (.deprecated(matches), matches) }
        return (.unknownAction(suggestion: nil), matches)
    }

    /// The global condition keys, such as `aws:SourceIp` and `aws:PrincipalTag/${TagKey}`.
    public var globalConditionKeys: [GlobalConditionKey] {
        lock.withLock {
            if let globals { return globals }
            do throws(CatalogFormatError) {
                let keys = try CatalogReader.readGlobalKeys(bytes, range: index.globalKeyLines)
                globals = keys
                return keys
            } catch {
                fatalError("the catalog's global keys are malformed: \(error.message)")
            }
        }
    }

    /// The global key `name`, ignoring case, or the template it instantiates.
    public func globalConditionKey(named name: String) -> GlobalConditionKey? {
        let keys = globalConditionKeys
        return keys.first { CaseFold.equal($0.name, name) }
            ?? keys.first { ConditionKeyTemplate.hasPlaceholder($0.name) && $0.matches(name) }
    }

    /// A condition key with its type: a global key, or a key of the service its prefix names.
    public func conditionKey(named name: String) -> ConditionKey? {
        // Policies repeat the same keys; the lookup scans the global keys.
        Self.conditionKeys.value(for: name, catalog: self) { lookUpConditionKey(named: name) }
    }

    private static let conditionKeys = CatalogMemo<ConditionKey?>(caseSensitive: true)

    private func lookUpConditionKey(named name: String) -> ConditionKey? {
        if let global = globalConditionKey(named: name) { return global.conditionKey }
        guard let colon = name.firstIndex(of: ":") else { return nil }
        return service(String(name[..<colon]))?.conditionKey(named: name)
    }

    // MARK: Did you mean

    /// The current service prefix closest to `prefix` by edit distance.
    public func suggestion(forService prefix: String) -> String? {
        Suggestions.closest(to: prefix, among: servicePrefixes)
    }

    /// The current action closest to `service:Action`: in its own service when that exists,
    /// else in the closest service. For an unknown service with no close action, the closest
    /// service prefix alone.
    public func suggestion(forAction fullName: String) -> String? {
        guard let colon = fullName.firstIndex(of: ":") else { return nil }
        let prefix = String(fullName[..<colon])
        let name = String(fullName[fullName.index(after: colon)...])
        let service: Service
        if let known = self.service(prefix) {
            service = known
        } else if let closest = suggestion(forService: prefix), let suggested = self.service(closest) {
            service = suggested
        } else {
            return nil
        }
        let current = service.actions.filter { !$0.isDeprecated }.map(\.name)
        if let action = Suggestions.closest(to: name, among: current) { return service.prefix + ":" + action }
        return CaseFold.equal(service.prefix, prefix) ? nil : service.prefix
    }

    /// The condition key closest to `name`: among the global keys and those of `action` when
    /// given, else those of the service the key's prefix names.
    public func suggestion(forConditionKey name: String, action: Action? = nil) -> String? {
        var candidates = globalConditionKeys.map(\.name)
        if let action {
            candidates += action.conditionKeys.map(\.name)
            for resource in action.resourceTypes { candidates += resource.resourceType.conditionKeys.map(\.name) }
        } else if let colon = name.firstIndex(of: ":"), let service = service(String(name[..<colon])) {
            candidates += service.conditionKeys.map(\.name)
        }
        return Suggestions.closest(to: name, among: candidates)
    }

    // MARK: Loading

    /// Parses every service now, for commands that look at all of them.
    public func loadAllServices() {
        for position in index.entries.indices { _ = storage(at: position) }
    }

    /// The services parsed so far, in prefix order.
    public var loadedServicePrefixes: [String] {
        lock.withLock { index.entries.indices.filter { services[$0] != nil }.map { index.entries[$0].prefix } }
    }

    private func storage(at position: Int) -> ServiceStorage {
        if let storage = lock.withLock({ services[position] }) { return storage }
        // Parsed outside the lock, so other threads go on reading the services already loaded;
        // two threads that want the same new service may both parse it, and the first one wins.
        let parsed: ServiceStorage
        do throws(CatalogFormatError) {
            parsed = try CatalogReader.readService(bytes, body: index.entries[position].body)
        } catch {
            fatalError("the catalog entry of `\(index.entries[position].prefix)` is malformed: \(error.message)")
        }
        return lock.withLock {
            if let storage = services[position] { return storage }
            services[position] = parsed
            return parsed
        }
    }

    private func entryIndex(_ prefix: String) -> Int? {
        CaseFold.search(prefix, count: index.entries.count) { index.entries[$0].prefix }
    }

    private func entryIndices(matching pattern: ActionPattern) -> [Int] {
        guard pattern.serviceHasWildcards else { return entryIndex(pattern.servicePart).map { [$0] } ?? [] }
        return index.entries.indices.filter { pattern.matchesService(index.entries[$0].prefix) }
    }
}

/// What the value of an `Action` or `NotAction` element names.
public enum ActionResolution: Sendable, Equatable {
    /// The current actions it names or matches.
    case known([Action])
    /// It names or matches only retired actions; empty when its whole service is retired and
    /// the catalog has no record of the action itself.
    case deprecated([Action])
    /// No service has that prefix. The suggestion is the closest action, or else the closest
    /// service prefix.
    case unknownService(suggestion: String?)
    /// The service exists but has no such action (or none the pattern matches).
    case unknownAction(suggestion: String?)
    /// Not `service:action` (nor `*`).
    case invalid
}
