package compat

// Kind names the kind of an incompatibility. The names are those of the
// difference types of Confluent Schema Registry's JSON Schema checker, read
// as a change from the writer's schema to the reader's: in a BACKWARD check
// the writer is the old schema and the reader the new one, in a FORWARD check
// it is the other way round.
type Kind string

// The kinds of incompatibility the checker reports.
const (
	// The reader's schema is false.
	SchemaRemoved Kind = "SCHEMA_REMOVED"
	// The reader allows fewer types, or only integers where the writer
	// allows numbers.
	TypeNarrowed Kind = "TYPE_NARROWED"
	// The reader allows none of the writer's types.
	TypeChanged Kind = "TYPE_CHANGED"
	// The reader's enum lacks values the writer may send, or the reader adds
	// an enum.
	EnumArrayNarrowed Kind = "ENUM_ARRAY_NARROWED"

	// Numeric and string constraints that the reader adds or tightens.
	MinimumAdded       Kind = "MINIMUM_ADDED"
	MinimumIncreased   Kind = "MINIMUM_INCREASED"
	MaximumAdded       Kind = "MAXIMUM_ADDED"
	MaximumDecreased   Kind = "MAXIMUM_DECREASED"
	MultipleOfAdded    Kind = "MULTIPLE_OF_ADDED"
	MultipleOfChanged  Kind = "MULTIPLE_OF_CHANGED"
	MinLengthAdded     Kind = "MIN_LENGTH_ADDED"
	MinLengthIncreased Kind = "MIN_LENGTH_INCREASED"
	MaxLengthAdded     Kind = "MAX_LENGTH_ADDED"
	MaxLengthDecreased Kind = "MAX_LENGTH_DECREASED"
	PatternAdded       Kind = "PATTERN_ADDED"
	PatternChanged     Kind = "PATTERN_CHANGED"
	// The reader asserts a format the writer does not (format assertions are
	// on in package schema, so a format is a constraint).
	FormatAdded   Kind = "FORMAT_ADDED"
	FormatChanged Kind = "FORMAT_CHANGED"

	// The reader requires a property the writer does not require. Confluent
	// accepts this when the property has a default; this checker does not,
	// because validation does not apply defaults and a document without the
	// property is rejected on receipt.
	RequiredAttributeAdded Kind = "REQUIRED_ATTRIBUTE_ADDED"
	// The reader requires a property the writer's closed model forbids.
	RequiredPropertyAddedToUnopenContentModel Kind = "REQUIRED_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL"
	// The reader declares a property that the writer leaves to its open
	// content model, where it may have any value: adding a constrained
	// property to an open schema is backward incompatible.
	PropertyAddedToOpenContentModel Kind = "PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL"
	// As above, with a writer whose additionalProperties or
	// patternProperties allow values the reader's declaration rejects.
	PropertyAddedNotCoveredByPartiallyOpenContentModel Kind = "PROPERTY_ADDED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL"
	// The writer declares a property that the reader neither declares nor
	// allows as an additional property.
	PropertyRemovedFromClosedContentModel Kind = "PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL"
	// As above, with a reader whose additionalProperties or
	// patternProperties reject some values of the writer's declaration.
	PropertyRemovedNotCoveredByPartiallyOpenContentModel Kind = "PROPERTY_REMOVED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL"
	// The reader closes a content model the writer leaves open.
	AdditionalPropertiesRemoved Kind = "ADDITIONAL_PROPERTIES_REMOVED"
	// The reader's additionalProperties schema rejects values the writer's
	// allows.
	AdditionalPropertiesNarrowed Kind = "ADDITIONAL_PROPERTIES_NARROWED"
	// The two schemas have different patternProperties, which the checker
	// only compares when the sets of patterns are equal.
	PatternPropertiesChanged Kind = "PATTERN_PROPERTIES_CHANGED"
	// Property and item counts that the reader adds or tightens, and unique
	// items it starts to require.
	MinPropertiesAdded     Kind = "MIN_PROPERTIES_ADDED"
	MinPropertiesIncreased Kind = "MIN_PROPERTIES_INCREASED"
	MaxPropertiesAdded     Kind = "MAX_PROPERTIES_ADDED"
	MaxPropertiesDecreased Kind = "MAX_PROPERTIES_DECREASED"

	MinItemsAdded     Kind = "MIN_ITEMS_ADDED"
	MinItemsIncreased Kind = "MIN_ITEMS_INCREASED"
	MaxItemsAdded     Kind = "MAX_ITEMS_ADDED"
	MaxItemsDecreased Kind = "MAX_ITEMS_DECREASED"
	UniqueItemsAdded  Kind = "UNIQUE_ITEMS_ADDED"

	// The reader has a keyword outside the checker's subset (allOf, anyOf,
	// oneOf, not, if/then/else, prefixItems, a non-local $ref, …) that the
	// writer does not have with the same value. The checker cannot prove
	// such a change compatible, so it reports it.
	UnsupportedKeywordChanged Kind = "UNSUPPORTED_KEYWORD_CHANGED"
)
