create table startup_check (id int primary key);
