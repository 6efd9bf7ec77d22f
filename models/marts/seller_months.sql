{#- One row per seller and month with a sale, up to the reference date, and the tier the
    seller had that month (the rule: int_seller_tiers). -#}
with

seller_months as (
    select * from {{ ref('int_seller_months') }}
),

tiers as (
    select * from {{ ref('int_seller_tiers') }}
    where sale_month is not null
),

reference as (
    select * from {{ ref('int_reference_date') }}
),

final as (
    select
        seller_months.seller_id,
        seller_months.sale_month,
        cast(seller_months.gmv_total as decimal(18, 2)) as gmv_total,
        cast(seller_months.commission_total as decimal(18, 2)) as commission_total,
        seller_months.orders_count,
        seller_months.buyers_count,
        tiers.seller_tier,
        reference.as_of_date
    from seller_months
    -- a month without its tier row stays, and fails the seller_tier not_null test
    left join tiers
        on
            seller_months.seller_id = tiers.seller_id
            and seller_months.sale_month = tiers.sale_month
    cross join reference
)

select * from final
