using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace Gateway.TokenApi;

/// <summary>
/// .NET's minimal-API validation of the DataAnnotations on the request records and parameters: a request outside them
/// is a 400 problem before its handler runs, so before any grain or WeChat call. The problem is shaped like the
/// platform's other problems (<c>type</c> and <c>problem</c> naming its code, a <c>detail</c> saying what is wrong),
/// with the errors keyed by the fields' wire names.
/// </summary>
internal static class RequestValidation
{
    public const string Problem = "invalid_request";

    public static IServiceCollection AddRequestValidation(this IServiceCollection services)
    {
        services.AddValidation();
        services.Configure<ProblemDetailsOptions>(o => o.CustomizeProblemDetails += Describe);

        // A body that is missing or is not the JSON the route reads fails as it binds; thrown in every environment
        // (not only in Development), it becomes a 400 problem in PlatformProblemHandler instead of an empty 400.
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        return services;
    }

    private static void Describe(ProblemDetailsContext context)
    {
        if (context.ProblemDetails is not HttpValidationProblemDetails { Detail: null } problem)
        {
            return;
        }

        var naming = context.HttpContext.RequestServices.GetService<IOptions<JsonOptions>>()?.Value.SerializerOptions.PropertyNamingPolicy
            ?? JsonNamingPolicy.SnakeCaseLower;
        problem.Errors = problem.Errors.ToDictionary(e => string.Join('.', e.Key.Split('.').Select(naming.ConvertName)), e => e.Value, StringComparer.Ordinal);
        problem.Title = "Invalid request";
        problem.Detail = string.Join(" ", problem.Errors.SelectMany(e => e.Value));
        problem.Type = PlatformProblems.TypeOf(Problem);
        problem.Extensions["problem"] = Problem;
    }
}
