using Grains.Index;
using WeChat.Api;
using WeChat.Api.Wire;

namespace Grains.Component;

public sealed partial class ComponentGrain
{
    public Task<ReconciliationResult> RestoreRefreshTokensAsync()
    {
        Credentials();
        return _reconciliation ??= RunReconciliationAsync();
    }

    /// <summary>A walk a crash interrupted goes on from its last recorded page when the grain is back.</summary>
    private void ResumeReconciliation()
    {
        if (state.State.Reconciliation is not null && _reconciliation is null)
        {
            _reconciliation = RunReconciliationAsync();
        }
    }

    private async Task<ReconciliationResult> RunReconciliationAsync()
    {
        await Task.Yield();
        try
        {
            return await WalkAsync();
        }
        catch (PlatformException ex)
        {
            LogReconciliationInterrupted(logger, AppId, state.State.Reconciliation?.NextOffset ?? 0, ex.Problem, ex.Message);
            throw;
        }
        finally
        {
            _reconciliation = null;
        }
    }

    private async Task<ReconciliationResult> WalkAsync()
    {
        var progress = state.State.Reconciliation;
        if (progress is null)
        {
            progress = new ReconciliationProgress(time.GetUtcNow(), 0, 0, 0);
            await WriteAsync(s =>
            {
                s.Reconciliation = progress;
                return true;
            });
        }

        while (true)
        {
            var page = await CallWithTokenAsync(t => wechat.GetAuthorizerListAsync(t, AppId, progress.NextOffset, ComponentApis.AuthorizerListMaxPage),
                "authorizer list");
            var restored = await RestorePageAsync(page.List);
            await index.MarkListedAsync(AppId, [.. page.List.Select(i => i.AuthorizerAppId)], progress.StartedAt);
            progress = progress with
            {
                NextOffset = progress.NextOffset + page.List.Count,
                Listed = progress.Listed + page.List.Count,
                Restored = progress.Restored + restored,
            };
            var current = progress;
            await WriteAsync(s =>
            {
                s.Reconciliation = current;
                return true;
            });
            if (page.List.Count == 0 || progress.NextOffset >= page.TotalCount)
            {
                break;
            }
        }

        var (notListed, named) = await CountNotListedAsync(progress.StartedAt);
        var result = new ReconciliationResult(progress.StartedAt, progress.Listed, progress.Restored, notListed, named);
        await WriteAsync(s =>
        {
            s.Reconciliation = null;
            s.LastReconciliation = result;
            return true;
        });
        LogRestored(logger, AppId, result.Restored, result.Listed);
        return result;
    }

    /// <summary>Gives each listed account its refresh token when it has none or another; the grains write the index.</summary>
    private async Task<int> RestorePageAsync(IReadOnlyList<AuthorizerListItem> items)
    {
        var restored = 0;
        foreach (var batch in items.Chunk(RestoreConcurrency))
        {
            var results = await Task.WhenAll(batch.Select(async item =>
            {
                if (item.RefreshToken is null)
                {
                    LogNoRefreshTokenToRestore(logger, AppId, item.AuthorizerAppId);
                    return false;
                }

                return await Authorizer(item.AuthorizerAppId).RestoreRefreshTokenAsync(item.RefreshToken);
            }));
            restored += results.Count(r => r);
        }

        return restored;
    }

    /// <summary>Authorized accounts here that this walk never saw in WeChat's list, paged through the index.</summary>
    private async Task<(int Count, IReadOnlyList<string> Named)> CountNotListedAsync(DateTimeOffset startedAt)
    {
        var count = 0;
        var named = new List<string>();
        string? after = null;
        while (true)
        {
            var page = await index.ListUnlistedAsync(AppId, startedAt, after, AuthorizerQuery.MaxLimit);
            foreach (var appId in page)
            {
                LogNotListed(logger, AppId, appId);
                if (named.Count < NotListedNamed)
                {
                    named.Add(appId);
                }
            }

            count += page.Count;
            if (page.Count < AuthorizerQuery.MaxLimit)
            {
                return (count, named);
            }

            after = page[^1];
        }
    }
}
