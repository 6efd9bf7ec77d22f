with

periods as (
    select * from {{ ref('int_buyer_lifecycle_periods') }}
),

reference as (
    select * from {{ ref('int_reference_date') }}
),

final as (
    select
        periods.buyer_id,
        periods.lifecycle_stage,
        periods.valid_from,
        periods.valid_to,
        periods.previous_lifecycle_stage,
        periods.is_current,
        reference.as_of_date
    from periods
    cross join reference
)

select * from final
