namespace Gateway.WeChatProxy;

/// <summary>Whose token a proxied call carries: how to get it, how to report it rejected, and for log lines whose it is.</summary>
internal sealed record ProxyTokenSource(string Owner, Func<Task<string>> CurrentAsync, Func<string, Task<string>> RefreshAsync);
