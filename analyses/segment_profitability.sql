-- Profitability of the lifecycle stages and RFM segments: revenue, the marketplace's
-- commission and its share, per buyer.
with

buyers as (
    select * from {{ ref('buyer_segments') }}
),

purchase_lines as (
    select * from {{ ref('int_purchase_lines') }}
),

commissions as (
    select
        buyer_id,
        sum(case when is_returned then 0 else commission_amount_reporting end) as commission_total
    from purchase_lines
    group by 1
),

profitability as (
    {%- for segment_column in ['lifecycle_stage', 'rfm_segment'] %}
    select
        '{{ segment_column }}' as segmentation,
        buyers.{{ segment_column }} as segment,
        count(*) as buyers_count,
        sum(buyers.monetary_total) as revenue_total,
        sum(coalesce(commissions.commission_total, 0)) as commission_total,
        sum(coalesce(commissions.commission_total, 0)) / count(*) as commission_per_buyer
    from buyers
    left join commissions
        on buyers.buyer_id = commissions.buyer_id
    where buyers.{{ segment_column }} is not null
    group by 1, 2
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
)

select * from profitability
order by 1 asc, 5 desc
