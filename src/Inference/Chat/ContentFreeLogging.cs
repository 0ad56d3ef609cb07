using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace FhirMedGemma.Inference.Chat;

/// <summary>
/// Microsoft.Extensions.AI's <see cref="LoggingChatClient"/> writes message and response content at Trace level, and
/// prompts here carry patient data. This pipeline step gives it a logger that never enables Trace, so only its
/// Debug-level call/finish events (no content) flow.
/// </summary>
internal static class ContentFreeLogging
{
    public static ChatClientBuilder UseContentFreeLogging(this ChatClientBuilder builder) =>
        builder.Use((inner, services) =>
        {
            var factory = services.GetService<ILoggerFactory>();
            return factory is null or NullLoggerFactory
                ? inner
                : new LoggingChatClient(inner, new ContentFreeLogger(factory.CreateLogger<LoggingChatClient>()));
        });

    internal sealed class ContentFreeLogger(ILogger inner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => inner.BeginScope(state);

        public bool IsEnabled(LogLevel logLevel) => logLevel > LogLevel.Trace && inner.IsEnabled(logLevel);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                inner.Log(logLevel, eventId, state, exception, formatter);
            }
        }
    }
}
