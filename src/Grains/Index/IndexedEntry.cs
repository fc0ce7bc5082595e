using Microsoft.Extensions.Logging;

namespace Grains.Index;

/// <summary>
/// An authorizer grain's row in the index, written behind the grain's back: a request never waits for it (so a slow
/// or unreachable database never holds up a token read), writes coalesce to the newest entry, and a write the
/// database refuses is retried on a grain timer until it lands. The grain state is already saved or held by then.
/// </summary>
internal sealed partial class IndexedEntry(IAuthorizerIndex index, IGrainBase grain, ILogger logger)
{
    private static readonly TimeSpan RetryPeriod = TimeSpan.FromSeconds(5);

    private AuthorizerEntry? _written;
    private AuthorizerEntry? _pending;
    private Task? _writing;
    private IGrainTimer? _retry;

    public void Write(AuthorizerEntry entry)
    {
        if (_written is { } written && Same(written, entry))
        {
            _pending = null;
            return;
        }

        _pending = entry;
        StartWriting();
    }

    /// <summary>One writer at a time; it takes whatever entry is newest when it gets to it.</summary>
    private Task StartWriting()
    {
        if (_writing is not { IsCompleted: false })
        {
            _writing = WriteLatestAsync();
        }

        return _writing;
    }

    private async Task WriteLatestAsync()
    {
        while (_pending is { } entry)
        {
            try
            {
                await index.UpsertAsync(entry);
            }
            catch (Exception ex)
            {
                LogNotWritten(logger, entry.ComponentAppId, entry.AuthorizerAppId, ex.GetType().Name);
                _retry ??= grain.RegisterGrainTimer(_ => RetryAsync(), new GrainTimerCreationOptions(RetryPeriod, RetryPeriod) { KeepAlive = true });
                return;
            }

            _written = entry;
            if (ReferenceEquals(_pending, entry))
            {
                _pending = null;
            }
        }

        _retry?.Dispose();
        _retry = null;
    }

    private Task RetryAsync() => StartWriting();

    private static bool Same(AuthorizerEntry a, AuthorizerEntry b) =>
        a with { PermissionSets = b.PermissionSets, UpdatedAt = b.UpdatedAt } == b && a.PermissionSets.SequenceEqual(b.PermissionSets);

    [LoggerMessage(EventId = 2611, Level = LogLevel.Warning, Message = "Authorizer {ComponentAppId}/{AuthorizerAppId}: index row not written ({Error}); retrying")]
    private static partial void LogNotWritten(ILogger logger, string componentAppId, string authorizerAppId, string error);
}
