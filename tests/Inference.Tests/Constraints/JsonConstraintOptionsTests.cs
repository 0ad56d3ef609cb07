using System.ComponentModel.DataAnnotations;
using FhirMedGemma.Inference.Constraints;
using FhirMedGemma.Inference.Engine;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace FhirMedGemma.Inference.Tests.Constraints;

public sealed class JsonConstraintOptionsTests
{
    [Fact]
    public void Validate_Defaults_Succeeds()
    {
        new JsonConstraintOptionsValidator().Validate(null, new JsonConstraintOptions()).Succeeded.Should().BeTrue();
    }

    [Theory]
    [InlineData(nameof(JsonConstraintOptions.MaxStringBytes), 4)]
    [InlineData(nameof(JsonConstraintOptions.MaxNumberChars), 1)]
    [InlineData(nameof(JsonConstraintOptions.MaxWhitespaceRun), -1)]
    [InlineData(nameof(JsonConstraintOptions.MaxDepth), 0)]
    public void Validate_OutOfRange_FailsNamingTheOption(string option, int value)
    {
        var options = new JsonConstraintOptions();
        typeof(JsonConstraintOptions).GetProperty(option)!.SetValue(options, value);

        var result = new JsonConstraintOptionsValidator().Validate(null, options);

        result.Failed.Should().BeTrue();
        result.FailureMessage.Should().Contain(option);
    }

    [Fact]
    public void Constructor_InvalidOptions_ThrowsBeforeBuildingAnything()
    {
        var act = () => new JsonSchemaConstraintFactory(GemmaVocabulary.Vocabulary, new JsonConstraintOptions { MaxStringBytes = 1 });

        act.Should().Throw<ValidationException>();
    }

    [Fact]
    public void AddJsonSchemaConstraints_RegistersTheFactoryAndTheOptionsValidator()
    {
        var services = new ServiceCollection();

        services.AddJsonSchemaConstraints(_ => GemmaVocabulary.Vocabulary);

        services.Should().Contain(d => d.ServiceType == typeof(ITokenConstraintFactory) && d.Lifetime == ServiceLifetime.Singleton);
        services.Should().Contain(d => d.ServiceType == typeof(IValidateOptions<JsonConstraintOptions>));
    }
}
