{#- One row per segment and calendar month of the last `segment_kpi_months` months: every
    buyer segment of the memberships (lifecycle stage, RFM segment, catalogue segment,
    micro-segment) and every seller tier. Members are the segment's members on the
    reference date; the month columns follow their activity month by month. For seller
    tiers revenue is GMV and customer value the commission brought to the marketplace.
    The predicted value (issue #16) is the buyers' on the reference date, the same in
    every month: null for seller tiers and when the predictions are not built. -#}
with

memberships as (
    select * from {{ ref('buyer_segment_memberships') }}
),

buyers as (
    select * from {{ ref('int_buyers_known') }}
),

buyer_metrics as (
    select * from {{ ref('int_buyer_purchase_metrics') }}
),

buyer_months as (
    select * from {{ ref('int_buyer_months') }}
),

sellers as (
    select * from {{ ref('int_seller_classification') }}
),

seller_activity as (
    select * from {{ ref('int_seller_activity') }}
),

seller_months as (
    select * from {{ ref('seller_months') }}
),

snapshot_dates as (
    select * from {{ ref('int_snapshot_dates') }}
),

-- each buyer's predicted value to the cent (null without predictions): sums are exact
predicted_values as (
    select
        buyer_id as member_id,
        'buyer' as member_kind,
        predicted_value
    from {{ ref('buyer_segments') }}
    where predicted_value is not null
),

months as (
    select distinct
        cast({{ dbt.date_trunc('month', 'snapshot_date') }} as date) as month_start,
        as_of_date
    from snapshot_dates
    where months_back < {{ var('segment_kpi_months') }}
),

-- a catalogue segment per category counts each buyer once
members as (
    select distinct
        segment_family,
        segment_key,
        buyer_id as member_id,
        'buyer' as member_kind
    from memberships
    union all
    select
        'seller_tier' as segment_family,
        seller_tier as segment_key,
        seller_id as member_id,
        'seller' as member_kind
    from sellers
),

populations as (
    select
        'buyer' as member_kind,
        count(*) as population_count
    from buyers
    union all
    select
        'seller' as member_kind,
        count(*) as population_count
    from sellers
),

-- what a member brought up to the reference date: net revenue, or commission for sellers
lifetime_values as (
    select
        buyer_id as member_id,
        'buyer' as member_kind,
        monetary_total as lifetime_value
    from buyer_metrics
    union all
    select
        seller_id as member_id,
        'seller' as member_kind,
        commission_total as lifetime_value
    from seller_activity
),

activity as (
    select
        buyer_id as member_id,
        'buyer' as member_kind,
        month_start,
        case when orders_count > 0 then 1 else 0 end as is_active,
        orders_count,
        revenue_total,
        revenue_total as value_amount,
        sessions_count,
        converted_sessions_count
    from buyer_months
    union all
    select
        seller_months.seller_id as member_id,
        'seller' as member_kind,
        seller_months.sale_month as month_start,
        1 as is_active,
        seller_months.orders_count,
        seller_months.gmv_total as revenue_total,
        seller_months.commission_total as value_amount,
        0 as sessions_count,
        0 as converted_sessions_count
    from seller_months
    inner join months
        on seller_months.sale_month = months.month_start
),

sizes as (
    select
        members.segment_family,
        members.segment_key,
        members.member_kind,
        count(*) as members_count,
        sum(case when buyers.is_contactable then 1 else 0 end) as contactable_members_count,
        sum(coalesce(lifetime_values.lifetime_value, 0)) as lifetime_value_total,
        count(predicted_values.predicted_value) as predicted_members_count,
        sum(predicted_values.predicted_value) as predicted_value_total
    from members
    left join lifetime_values
        on
            members.member_id = lifetime_values.member_id
            and members.member_kind = lifetime_values.member_kind
    left join predicted_values
        on
            members.member_id = predicted_values.member_id
            and members.member_kind = predicted_values.member_kind
    left join buyers
        on
            members.member_id = buyers.buyer_id
            and members.member_kind = 'buyer'
    group by 1, 2, 3
),

monthly as (
    select
        members.segment_family,
        members.segment_key,
        activity.month_start,
        sum(activity.is_active) as active_members_count,
        sum(activity.orders_count) as orders_count,
        sum(activity.revenue_total) as revenue_total,
        sum(activity.value_amount) as value_amount,
        sum(activity.sessions_count) as sessions_count,
        sum(activity.converted_sessions_count) as converted_sessions_count
    from members
    inner join activity
        on
            members.member_id = activity.member_id
            and members.member_kind = activity.member_kind
    group by 1, 2, 3
),

monthly_totals as (
    select
        member_kind,
        month_start,
        sum(revenue_total) as all_members_revenue_total
    from activity
    group by 1, 2
),

grid as (
    select
        months.as_of_date,
        months.month_start,
        sizes.segment_family,
        sizes.segment_key,
        sizes.member_kind,
        sizes.members_count,
        sizes.contactable_members_count,
        sizes.lifetime_value_total,
        sizes.predicted_members_count,
        sizes.predicted_value_total,
        populations.population_count,
        coalesce(monthly.active_members_count, 0) as active_members_count,
        coalesce(monthly.orders_count, 0) as orders_count,
        coalesce(monthly.revenue_total, 0) as revenue_total,
        coalesce(monthly.sessions_count, 0) as sessions_count,
        coalesce(monthly.converted_sessions_count, 0) as converted_sessions_count,
        monthly_totals.all_members_revenue_total,
        -- value the members brought after this month, to go back from the lifetime total
        coalesce(sum(coalesce(monthly.value_amount, 0)) over (
            partition by sizes.segment_family, sizes.segment_key
            order by months.month_start
            rows between 1 following and unbounded following
        ), 0) as value_after_month
    from sizes
    cross join months
    inner join populations
        on sizes.member_kind = populations.member_kind
    left join monthly
        on
            sizes.segment_family = monthly.segment_family
            and sizes.segment_key = monthly.segment_key
            and months.month_start = monthly.month_start
    left join monthly_totals
        on
            sizes.member_kind = monthly_totals.member_kind
            and months.month_start = monthly_totals.month_start
),

final as (
    select
        as_of_date,
        segment_family,
        segment_key,
        month_start,
        member_kind,
        members_count,
        cast(members_count as {{ type_double() }}) / population_count as pct_members,
        case when member_kind = 'buyer' then cast(contactable_members_count as {{ type_double() }}) / members_count end
            as pct_contactable,
        cast(active_members_count as {{ dbt.type_bigint() }}) as active_members_count,
        cast(orders_count as {{ dbt.type_bigint() }}) as orders_count,
        cast(revenue_total as decimal(18, 2)) as revenue_total,
        case
            when all_members_revenue_total > 0
                then cast(revenue_total as {{ type_double() }}) / all_members_revenue_total
        end as pct_revenue,
        {{ money_average('revenue_total', 'orders_count') }} as avg_order_value,
        cast(case when member_kind = 'buyer' then sessions_count end as {{ dbt.type_bigint() }}) as sessions_count,
        cast(case when member_kind = 'buyer' then converted_sessions_count end as {{ dbt.type_bigint() }})
            as converted_sessions_count,
        case
            when member_kind = 'buyer' and sessions_count > 0
                then cast(converted_sessions_count as {{ type_double() }}) / sessions_count
        end as conversion_rate,
        {{ money_average('lifetime_value_total - value_after_month', 'members_count') }} as avg_customer_value,
        cast(predicted_value_total as decimal(18, 2)) as predicted_value_total,
        {{ money_average('predicted_value_total', 'predicted_members_count') }} as avg_predicted_value
    from grid
)

select * from final
