namespace WeChat.Tests.Support;

/// <summary>A message URL that keeps each push exactly as it arrived (body and query string) and answers <c>success</c>.</summary>
internal sealed class RawReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly List<(string Body, string Query)> _received = [];

    private RawReceiver(WebApplication app) => _app = app;

    public string BaseUrl { get; private set; } = "";

    public IReadOnlyList<(string Body, string Query)> Received
    {
        get
        {
            lock (_received)
            {
                return [.. _received];
            }
        }
    }

    public static async Task<RawReceiver> StartAsync()
    {
        var app = LoopbackKestrel.Build();
        var receiver = new RawReceiver(app);
        app.MapPost("/messages/{appId}", async (HttpContext http) =>
        {
            var body = await new StreamReader(http.Request.Body).ReadToEndAsync();
            lock (receiver._received)
            {
                receiver._received.Add((body, http.Request.QueryString.Value ?? ""));
            }

            return Results.Text("success");
        });
        receiver.BaseUrl = (await LoopbackKestrel.StartAsync(app)).TrimEnd('/');
        return receiver;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
