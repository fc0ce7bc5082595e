using Grains.Storage;
using Microsoft.Extensions.Options;

namespace Silo.Reencryption;

/// <summary>
/// The <c>reencrypt</c> command: rewrites every stored secret that is not under the first of
/// <c>Storage:EncryptionKeys</c>, or not yet bound to its row (<c>v1:</c>), so it is, after which the older keys can be
/// removed. Every secret is decrypted on the way, so one that does not decrypt in its own row is reported. Safe while silos run: a row is
/// only replaced if no grain wrote it since it was read; otherwise it is read again and retried. Each row is its own
/// write, so a run stopped halfway keeps what it did and a rerun finds only what is left. A row holding a secret
/// under a key that is not configured is reported and left as it is.
/// </summary>
public sealed partial class StateReencryptor(
    StoredStateTable table,
    StoredStateRewriter rewriter,
    SecretProtector protector,
    IOptions<ReencryptionOptions> options,
    ILogger<StateReencryptor> logger)
{
    /// <summary>A grain writes its state at most every few seconds, so a row still changing after this many tries is left for a rerun.</summary>
    private const int Attempts = 5;

    public async Task<ReencryptionReport> RunAsync(CancellationToken cancellationToken = default)
    {
        var report = new ReencryptionReport();
        var batch = options.Value.BatchSize;
        LogStarting(logger, protector.CurrentKeyId);
        StoredStateRow? last = null;
        List<StoredStateRow> page;
        do
        {
            page = await table.ReadPageAsync(last, batch, cancellationToken);
            foreach (var row in page)
            {
                report.Scanned++;
                await ReencryptAsync(row, report, cancellationToken);
            }

            last = page.LastOrDefault();
        }
        while (page.Count == batch);

        LogFinished(logger, protector.CurrentKeyId, report.Scanned, report.Rewritten, report.AlreadyCurrent, report.SkippedConcurrent, report.Unreadable, report.Mismatched, report.Unfinished);
        return report;
    }

    private async Task ReencryptAsync(StoredStateRow row, ReencryptionReport report, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var rewrite = rewriter.Rewrite(row.Row, row.Payload);
            if (rewrite.Unreadable.Count > 0)
            {
                report.Unreadable++;
                report.Mismatched += rewrite.Unreadable.Any(s => s.Mismatched) ? 1 : 0;
                foreach (var secret in rewrite.Unreadable)
                {
                    if (secret.Mismatched)
                    {
                        LogMismatched(logger, row.Grain, secret.Property, secret.KeyId ?? "(none)");
                    }
                    else
                    {
                        LogUnreadable(logger, row.Grain, secret.Property, secret.KeyId ?? "(none)", secret.Reason);
                    }
                }

                return;
            }

            if (rewrite.Payload is null)
            {
                report.AlreadyCurrent++;
                return;
            }

            if (await table.TryReplacePayloadAsync(row, rewrite.Payload, cancellationToken))
            {
                report.Rewritten++;
                return;
            }

            report.SkippedConcurrent++;
            LogChanged(logger, row.Grain, row.Version);
            if (await table.ReadAgainAsync(row, cancellationToken) is not { } now)
            {
                report.AlreadyCurrent++;
                return;
            }

            if (attempt == Attempts)
            {
                report.Unfinished++;
                LogUnfinished(logger, row.Grain, Attempts);
                return;
            }

            row = now;
        }
    }

    [LoggerMessage(EventId = 3111, Level = LogLevel.Information, Message = "Re-encrypting stored grain state under key '{KeyId}'.")]
    private static partial void LogStarting(ILogger logger, string keyId);

    [LoggerMessage(EventId = 3112, Level = LogLevel.Information, Message = "Re-encryption under key '{KeyId}' finished: {Scanned} rows scanned, {Rewritten} rewritten, {AlreadyCurrent} already current, {SkippedConcurrent} skipped-concurrent (written by a grain meanwhile, read again), {Unreadable} unreadable ({Mismatched} not decrypting in their own row), {Unfinished} still changing.")]
    private static partial void LogFinished(ILogger logger, string keyId, int scanned, int rewritten, int alreadyCurrent, int skippedConcurrent, int unreadable, int mismatched, int unfinished);

    [LoggerMessage(EventId = 3113, Level = LogLevel.Error, Message = "Grain {Grain}: its {Property} (key '{KeyId}') cannot be re-encrypted: {Reason}. The row is left as it is; if its key was removed, add it back to Storage:EncryptionKeys (after the first) and run reencrypt again.")]
    private static partial void LogUnreadable(ILogger logger, string grain, string property, string keyId, string reason);

    [LoggerMessage(EventId = 3101, Level = LogLevel.Error, Message = "Grain {Grain}: its {Property} (key '{KeyId}') does not decrypt in this row: it was altered, or copied here from another field or another grain's row. The row is left as it is, and its grain cannot read it.")]
    private static partial void LogMismatched(ILogger logger, string grain, string property, string keyId);

    [LoggerMessage(EventId = 3114, Level = LogLevel.Information, Message = "Grain {Grain} was written since it was read at version {Version}; reading it again.")]
    private static partial void LogChanged(ILogger logger, string grain, int version);

    [LoggerMessage(EventId = 3115, Level = LogLevel.Error, Message = "Grain {Grain} kept changing through {Attempts} attempts and is left for a rerun of reencrypt.")]
    private static partial void LogUnfinished(ILogger logger, string grain, int attempts);
}
