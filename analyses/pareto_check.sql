-- The 80/20 check: how many buyers make each share of revenue (deciles of buyers).
with

buyers as (
    select
        buyer_id,
        monetary_total
    from {{ ref('buyer_segments') }}
    where orders_count > 0
),

ranked as (
    select
        buyer_id,
        monetary_total,
        ntile(10) over (order by monetary_total desc, buyer_id asc) as buyer_decile
    from buyers
),

deciles as (
    select
        buyer_decile,
        count(*) as buyers_count,
        sum(monetary_total) as revenue_total
    from ranked
    group by 1
),

shares as (
    select
        buyer_decile,
        buyers_count,
        revenue_total,
        sum(revenue_total) over (order by buyer_decile rows between unbounded preceding and current row)
        / sum(revenue_total) over () as pct_revenue_cumulative
    from deciles
)

select * from shares
order by 1
