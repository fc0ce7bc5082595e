using Microsoft.Extensions.Logging;

namespace Grains.Index;

/// <summary>
/// An authorizer grain's row in the index. Writes only what changed since this activation's last write; a write
/// the database refuses is retried on a grain timer until it lands (the grain state is already saved or held).
/// </summary>
internal sealed partial class IndexedEntry(IAuthorizerIndex index, IGrainBase grain, ILogger logger)
{
    private static readonly TimeSpan RetryPeriod = TimeSpan.FromSeconds(5);

    private AuthorizerEntry? _written;
    private AuthorizerEntry? _pending;
    private IGrainTimer? _retry;

    public async Task WriteAsync(AuthorizerEntry entry)
    {
        if (_written is { } written && Same(written, entry))
        {
            _pending = null;
            return;
        }

        _pending = entry;
        await TryWriteAsync();
    }

    private async Task TryWriteAsync()
    {
        if (_pending is not { } entry)
        {
            return;
        }

        try
        {
            await index.UpsertAsync(entry);
        }
        catch (Exception ex)
        {
            LogNotWritten(logger, entry.ComponentAppId, entry.AuthorizerAppId, ex.GetType().Name);
            _retry ??= grain.RegisterGrainTimer(_ => TryWriteAsync(), new GrainTimerCreationOptions(RetryPeriod, RetryPeriod) { KeepAlive = true });
            return;
        }

        _written = entry;
        if (ReferenceEquals(_pending, entry))
        {
            _pending = null;
            _retry?.Dispose();
            _retry = null;
        }
    }

    private static bool Same(AuthorizerEntry a, AuthorizerEntry b) =>
        a with { PermissionSets = b.PermissionSets, UpdatedAt = b.UpdatedAt } == b && a.PermissionSets.SequenceEqual(b.PermissionSets);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Authorizer {ComponentAppId}/{AuthorizerAppId}: index row not written ({Error}); retrying")]
    private static partial void LogNotWritten(ILogger logger, string componentAppId, string authorizerAppId, string error);
}
