-- Cross-sell: pairs of categories bought by the same buyer, with lift over independence.
with

purchase_lines as (
    select * from {{ ref('int_purchase_lines') }}
),

buyer_categories as (
    select distinct
        buyer_id,
        category
    from purchase_lines
    where category is not null
),

buyers_total as (
    select count(distinct buyer_id) as buyers_count
    from buyer_categories
),

category_buyers as (
    select
        category,
        count(*) as buyers_count
    from buyer_categories
    group by 1
),

pairs as (
    select
        first_category.category as category_a,
        second_category.category as category_b,
        count(*) as buyers_count
    from buyer_categories as first_category
    inner join buyer_categories as second_category
        on
            first_category.buyer_id = second_category.buyer_id
            and first_category.category < second_category.category
    group by 1, 2
)

select
    pairs.category_a,
    pairs.category_b,
    pairs.buyers_count,
    cast(pairs.buyers_count as {{ type_double() }}) * buyers_total.buyers_count
    / (category_a_buyers.buyers_count * category_b_buyers.buyers_count) as lift
from pairs
cross join buyers_total
inner join category_buyers as category_a_buyers
    on pairs.category_a = category_a_buyers.category
inner join category_buyers as category_b_buyers
    on pairs.category_b = category_b_buyers.category
order by 4 desc, 3 desc
