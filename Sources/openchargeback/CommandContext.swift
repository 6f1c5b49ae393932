import ChargebackCore
import Logging

/// What a command works with once the config is loaded.
struct CommandContext {
    var config: AppConfig
    var store: LedgerStore
    var logger: Logger

    var currency: String { config.currency }

    func money(_ m: Money) -> String { MoneyFormat.display(m, currency: "") }
    func money(_ s: MoneySum) -> String { MoneyFormat.display(cents: s.roundedToCents(), currency: "") }

    /// Runs a library call, turning its errors into messages for the user.
    func run<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as LedgerError {
            throw CommandFailure(error.description)
        } catch let error as InputError {
            throw CommandFailure(error.description)
        } catch let error as CustomStringConvertible & Error {
            throw CommandFailure(error.description)
        }
    }
}
