using Orleans.Storage;

namespace Grains;

internal static class StateWriter
{
    /// <summary>
    /// Applies a change and writes it. If another activation wrote first (ETag conflict), the stored state is read
    /// back and the change applied again only if it is still newer; otherwise the stored state stands.
    /// </summary>
    public static async Task<bool> WriteAsync<T>(this IPersistentState<T> state, Func<T, bool> apply)
    {
        if (!apply(state.State))
        {
            return false;
        }

        try
        {
            await state.WriteStateAsync();
            return true;
        }
        catch (InconsistentStateException)
        {
            await state.ReadStateAsync();
            if (!apply(state.State))
            {
                return false;
            }

            await state.WriteStateAsync();
            return true;
        }
    }
}
