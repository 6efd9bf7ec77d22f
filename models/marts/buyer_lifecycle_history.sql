with

periods as (
    select * from {{ ref('int_buyer_lifecycle_periods') }}
),

reference as (
    select * from {{ ref('int_reference_date') }}
),

dated as (
    select
        periods.*,
        reference.as_of_date
    from periods
    cross join reference
),

-- every column cast to the type of the model's contract
final as (
    select {{ contract_casts() }}
    from dated
)

select * from final
