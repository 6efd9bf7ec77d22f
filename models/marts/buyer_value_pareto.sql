{#- The 80/20 check (SPEC 4.3): how many buyers make the top share of revenue. -#}
with

segments as (
    select * from {{ ref('buyer_segments') }}
),

summary as (
    select
        max(as_of_date) as as_of_date,
        sum(case when orders_count > 0 then 1 else 0 end) as purchasers_count,
        sum(case when value_tier = 'top' then 1 else 0 end) as top_buyers_count,
        sum(case when value_tier = 'core' then 1 else 0 end) as core_buyers_count,
        sum(monetary_total) as revenue_total,
        sum(case when value_tier = 'top' then monetary_total else 0 end) as top_revenue_total
    from segments
),

shares as (
    select
        *,
        cast(top_buyers_count as {{ type_double() }}) / nullif(purchasers_count, 0) as pct_buyers_top,
        cast(top_revenue_total as {{ type_double() }}) / nullif(revenue_total, 0) as pct_revenue_top
    from summary
),

final as (
    select
        as_of_date,
        cast(purchasers_count as {{ dbt.type_bigint() }}) as purchasers_count,
        cast(top_buyers_count as {{ dbt.type_bigint() }}) as top_buyers_count,
        cast(core_buyers_count as {{ dbt.type_bigint() }}) as core_buyers_count,
        cast(revenue_total as decimal(18, 2)) as revenue_total,
        cast(top_revenue_total as decimal(18, 2)) as top_revenue_total,
        pct_buyers_top,
        pct_revenue_top
    from shares
)

select * from final
