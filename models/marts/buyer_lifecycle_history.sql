with

periods as (
    select * from {{ ref('int_buyer_lifecycle_periods') }}
),

-- every column cast to the type of the model's contract
final as (
    select {{ contract_casts() }}
    from periods
)

select * from final
