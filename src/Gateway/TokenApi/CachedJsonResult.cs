namespace Gateway.TokenApi;

/// <summary>
/// A token answer serialized once and written as it is: none of the range, precondition and logging work a file
/// answer does on every request, on the route business services call most.
/// </summary>
internal sealed class CachedJsonResult(byte[] json) : IResult
{
    public Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.ContentType = "application/json";
        response.ContentLength = json.Length;
        return response.Body.WriteAsync(json).AsTask();
    }
}
