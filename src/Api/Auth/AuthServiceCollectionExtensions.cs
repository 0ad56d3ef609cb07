using System.Text;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace FhirMedGemma.Api.Auth;

/// <summary>JWT bearer authentication and one authorization policy per SMART scope.</summary>
internal static class AuthServiceCollectionExtensions
{
    public static IServiceCollection AddServiceAuth(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AuthOptions>().BindConfiguration(AuthOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<AuthOptions>, AuthOptionsValidator>();
        var auth = configuration.GetSection(AuthOptions.SectionName).Get<AuthOptions>() ?? new AuthOptions();

        if (auth.Enabled)
        {
            services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer(jwt => ConfigureJwt(jwt, auth));
        }
        else
        {
            services.AddAuthentication();
        }

        services.AddAuthorization(options =>
        {
            options.AddPolicy(AuthPolicies.Authenticated, policy =>
            {
                if (auth.Enabled)
                {
                    policy.RequireAuthenticatedUser();
                }
                else
                {
                    policy.RequireAssertion(_ => true);
                }
            });
            foreach (var scope in new[] { SmartScopes.PatientRead, SmartScopes.DiagnosticReportRead, SmartScopes.ObservationWrite })
            {
                options.AddPolicy(scope, policy =>
                {
                    if (auth.Enabled)
                    {
                        policy.RequireAuthenticatedUser().AddRequirements(new ScopeRequirement(scope));
                    }
                    else
                    {
                        // Development mode: the policy exists so endpoints stay declared the same way, and always passes.
                        policy.RequireAssertion(_ => true);
                    }
                });
            }
        });
        services.AddSingleton<IAuthorizationHandler, ScopeAuthorizationHandler>();
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, FhirAuthorizationResultHandler>();
        return services;
    }

    private static void ConfigureJwt(JwtBearerOptions jwt, AuthOptions auth)
    {
        jwt.MapInboundClaims = false;
        jwt.Audience = auth.Audience;
        jwt.TokenValidationParameters.ValidAudience = auth.Audience;
        if (!string.IsNullOrEmpty(auth.Authority))
        {
            jwt.Authority = auth.Authority;
        }

        if (!string.IsNullOrEmpty(auth.SigningKey))
        {
            jwt.TokenValidationParameters.IssuerSigningKey = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(auth.SigningKey));
            jwt.TokenValidationParameters.ValidateIssuer = !string.IsNullOrEmpty(auth.Issuer);
            jwt.TokenValidationParameters.ValidIssuer = auth.Issuer;
        }
    }
}
